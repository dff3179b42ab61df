package dev.rpcstarter.server.http;

import java.util.Map;

import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code rpc.http.compression.enabled=false} the web port compresses only what a service
 * asks to, as the gRPC port does: grpc-java's channel gets the same answer from both.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "rpc.http.compression.enabled=false" })
class ResponseCompressionWhenAskedTests {

	private static final String LARGE = "a message worth compressing ".repeat(40);

	@LocalServerPort
	private int webPort;

	@Autowired
	private TestApplication.GrpcPort grpcPort;

	@Test
	void bothPortsAnswerUncompressedUnlessTheServiceAsks() throws Exception {
		for (int port : new int[] { this.webPort, this.grpcPort.get() }) {
			assertThat(CompressionProbe.overGrpcChannel(port, LARGE, Map.of())).as("port %d", port)
				.isEqualTo(new CompressionProbe.Answer(null, LARGE));
			assertThat(CompressionProbe.overGrpcChannel(port, LARGE, Map.of("x-compressor", "gzip"))).as("port %d", port)
				.isEqualTo(new CompressionProbe.Answer("gzip", LARGE));
		}
	}

	@Test
	void connectAnswersUncompressedUnlessTheServiceAsks() throws Exception {
		assertThat(CompressionProbe.overConnectUnary(this.webPort, LARGE, Map.of()).encoding()).isNull();
		assertThat(CompressionProbe.overStream(WireVariant.CONNECT_PROTO, this.webPort, LARGE, Map.of()).encoding())
			.isNull();
		assertThat(CompressionProbe.overConnectUnary(this.webPort, LARGE, Map.of("x-compressor", "gzip")).encoding())
			.isEqualTo("gzip");
	}

}
