package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A response that is not the protocol's (a proxy's error page, a load balancer's refusal)
 * fails the call with the code that the Connect and gRPC specifications give its HTTP status.
 */
class UnexpectedHttpStatusTests {

	private HttpServer server;

	private volatile int status;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			byte[] page = "<html>proxy says no</html>".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html");
			exchange.sendResponseHeaders(this.status, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@ParameterizedTest
	@CsvSource({ "CONNECT, 404, UNIMPLEMENTED", "CONNECT, 503, UNAVAILABLE", "CONNECT, 429, UNAVAILABLE",
			"CONNECT, 502, UNAVAILABLE", "CONNECT, 400, INTERNAL", "CONNECT, 401, UNAUTHENTICATED",
			"CONNECT, 403, PERMISSION_DENIED", "CONNECT, 500, UNKNOWN", "GRPC_WEB, 404, UNIMPLEMENTED",
			"GRPC_WEB, 503, UNAVAILABLE", "GRPC_WEB, 429, UNAVAILABLE", "GRPC_WEB, 500, UNKNOWN" })
	void httpStatusMapsToItsCodeForUnaryAndStreamingCalls(RpcProtocol protocol, int httpStatus, Status.Code expected) {
		this.status = httpStatus;
		ManagedChannel channel = ConnectChannel.create(URI.create("http://localhost:" + this.server.getAddress().getPort()),
				protocol, Codec.PROTO);
		try {
			TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(channel);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.echo(EchoRequest.getDefaultInstance()))
				.satisfies((error) -> org.assertj.core.api.Assertions.assertThat(error.getStatus().getCode())
					.isEqualTo(expected));
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> stub.serverStream(StreamRequest.getDefaultInstance()).hasNext())
				.satisfies((error) -> org.assertj.core.api.Assertions.assertThat(error.getStatus().getCode())
					.isEqualTo(expected));
		}
		finally {
			channel.shutdownNow();
		}
	}

}
