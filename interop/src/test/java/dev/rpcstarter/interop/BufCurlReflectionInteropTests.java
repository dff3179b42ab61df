package dev.rpcstarter.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rpcstarter.sample.testsupport.GrpcServerPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * buf curl, given no schema, learns the interop service from server reflection and calls it:
 * on the web port over every protocol, and on the gRPC port, as a developer trying a service
 * out without its .proto files would.
 */
class BufCurlReflectionInteropTests extends InteropServer {

	private static final String SERVICE = "rpcstarter.interop.v1.InteropService";

	private static final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int webPort;

	@Autowired
	private GrpcServerPort grpcPort;

	@ParameterizedTest(name = "{0} over HTTP/{1} to the {2} port")
	@CsvSource({ "connect, 1.1, web", "connect, 2, web", "grpc, 2, web", "grpcweb, 1.1, web", "grpcweb, 2, web",
			"grpc, 2, gRPC" })
	void listsTheMethodsAndCallsOneWithoutTheProtoFiles(String protocol, String httpVersion, String port)
			throws Exception {
		String base = "http://127.0.0.1:" + (port.equals("web") ? this.webPort : this.grpcPort.get());

		String methods = bufCurl(protocol, httpVersion, "--list-methods", base);
		String answer = bufCurl(protocol, httpVersion, "--data", "{\"text\":\"found by reflection\"}",
				base + "/" + SERVICE + "/Echo");

		assertThat(methods.lines()).contains(SERVICE + "/Echo", SERVICE + "/Chat",
				"grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
		assertThat(json.readTree(answer).get("text").asText()).isEqualTo("found by reflection");
	}

	/** Runs buf curl from the interop module's npm packages and returns what it printed. */
	private static String bufCurl(String protocol, String httpVersion, String... arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node_modules/.bin/buf", "curl", "--protocol", protocol));
		if (httpVersion.equals("2")) {
			command.add("--http2-prior-knowledge");
		}
		command.addAll(List.of(arguments));
		return CommandLine.run(command);
	}

}
