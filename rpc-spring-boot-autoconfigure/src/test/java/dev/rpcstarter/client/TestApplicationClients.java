package dev.rpcstarter.client;

import java.time.Duration;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.awaitility.Awaitility;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test application on random ports, and clients of it named {@code test} that each test
 * configures with properties in a context of its own: the client tests of retries, hedging,
 * throttling and pushback.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
abstract class TestApplicationClients {

	/** Retries of the {@code test} client: three attempts, one millisecond apart. */
	static final String[] RETRIES_ON = { "rpc.client.test.retry.enabled=true", "rpc.client.test.retry.max-attempts=3",
			"rpc.client.test.retry.initial-backoff=1ms" };

	@LocalServerPort
	int webPort;

	@Autowired
	TestApplication.GrpcPort grpcPort;

	@Autowired
	ServletWebServerApplicationContext webServer;

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
		.withBean(Clients.class);

	/**
	 * A client of the port that serves the protocol natively: the gRPC port for grpc, whose
	 * failures gRPC clients retry (the web port cannot answer in gRPC's Trailers-Only form, see
	 * GrpcFraming); the web port for the others.
	 * @param protocol the value of {@code rpc.client.test.protocol}
	 * @return the runner
	 */
	ApplicationContextRunner clientOfItsOwnPort(String protocol) {
		String address = protocol.equals("grpc") ? "static://localhost:" + this.grpcPort.get()
				: "http://localhost:" + this.webPort;
		return this.runner.withPropertyValues("rpc.client.test.protocol=" + protocol, "rpc.client.test.address=" + address);
	}

	/**
	 * The async requests that Tomcat counts as in progress, as its graceful shutdown does.
	 * @return the count
	 */
	int requestsInProgress() {
		Tomcat tomcat = ((TomcatWebServer) this.webServer.getWebServer()).getTomcat();
		return (int) ((StandardContext) tomcat.getHost().findChildren()[0]).getInProgressAsyncCount();
	}

	/**
	 * Waits until Tomcat counts no more async requests in progress than it did before a test
	 * (and whatever earlier tests left running meanwhile ends), for 5 seconds at most.
	 * @param before the count before the test
	 */
	void awaitRequestsInProgressAtMost(int before) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(requestsInProgress()).as("requests in progress in Tomcat")
				.isLessThanOrEqualTo(before));
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub stub;

		@RpcClient("test")
		TestServiceGrpc.TestServiceFutureStub future;

		@RpcClient("test")
		TestServiceGrpc.TestServiceStub async;

	}

}
