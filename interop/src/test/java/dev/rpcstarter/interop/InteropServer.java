package dev.rpcstarter.interop;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rpcstarter.interop.service.InteropApplication;
import dev.rpcstarter.interop.service.InteropServiceImpl;
import dev.rpcstarter.interop.service.RecordedRequests;
import dev.rpcstarter.sample.testsupport.GrpcServerPort;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link InteropApplication} on random ports of 127.0.0.1, with HTTP/2 (h2c) on the web
 * server, CORS open to the browser clients' page and the OpenAPI document served, for test
 * classes that extend it; Spring's test context cache shares the one server between them.
 */
@SpringBootTest(classes = InteropApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.http2.enabled=true", "server.address=127.0.0.1", "grpc.server.port=0",
				"grpc.server.address=127.0.0.1", "rpc.http.rest.openapi.enabled=true" })
abstract class InteropServer {

	@LocalServerPort
	private int webPort;

	/**
	 * Browser clients call from the page server's origin: allowed, with the echo metadata
	 * exposed to their code (a Connect unary trailer is a {@code trailer-} header).
	 */
	@DynamicPropertySource
	static void allowTheBrowserPage(DynamicPropertyRegistry properties) {
		properties.add("rpc.http.cors.allowed-origins", () -> BrowserPage.instance().origin());
		properties.add("rpc.http.cors.exposed-headers", () -> "x-echo,x-echo-bin,trailer-x-echo-trailer");
	}

	@Autowired
	private GrpcServerPort grpcPort;

	@Autowired
	protected InteropServiceImpl service;

	@Autowired
	protected RecordedRequests recordedRequests;

	/**
	 * Runs a client's script for a scenario.
	 * @param client the client
	 * @param scenario the scenario
	 * @return what the script printed: see {@code scripts/lib/interop-service.mjs}
	 * @throws Exception when the script fails to run or prints no JSON
	 */
	protected JsonNode run(ThirdPartyClient client, Scenario scenario) throws Exception {
		if (client.library().inBrowser()) {
			return BrowserPage.instance().run(client, scenario, "http://127.0.0.1:" + this.webPort);
		}
		List<String> arguments = client.arguments(scenario, new ServerPorts(this.webPort, this.grpcPort.get()));
		NodeClient.Result result = NodeClient.run(client.script(), arguments.toArray(String[]::new));
		assertThat(result.exitCode()).as("exit code of %s, output %s", client.script(), result.json()).isZero();
		return result.json();
	}

}
