package dev.rpcstarter.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

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
	void aRestStreamIsCompressedOnlyWhenTheServiceAsks() throws Exception {
		assertThat(restStreamEncoding(Map.of())).isEmpty();
		assertThat(restStreamEncoding(Map.of("x-compressor", "gzip"))).hasValue("gzip");
	}

	@Test
	void connectAnswersUncompressedUnlessTheServiceAsks() throws Exception {
		assertThat(CompressionProbe.overConnectUnary(this.webPort, LARGE, Map.of()).encoding()).isNull();
		assertThat(CompressionProbe.overStream(WireVariant.CONNECT_PROTO, this.webPort, LARGE, Map.of()).encoding())
			.isNull();
		assertThat(CompressionProbe.overConnectUnary(this.webPort, LARGE, Map.of("x-compressor", "gzip")).encoding())
			.isEqualTo("gzip");
	}

	@Test
	void answersVaryWithAcceptEncodingOnlyWhenTheServiceAsks() throws Exception {
		assertThat(restStream(Map.of()).headers().allValues("Vary")).doesNotContain("Accept-Encoding");
		assertThat(restStream(Map.of("x-compressor", "gzip")).headers().allValues("Vary")).contains("Accept-Encoding");
	}

	private Optional<String> restStreamEncoding(Map<String, String> headers) throws Exception {
		return restStream(headers).headers().firstValue("content-encoding");
	}

	private HttpResponse<byte[]> restStream(Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.webPort + "/v1/shelves/1/books:stream?count=2"))
			.header("Accept-Encoding", "gzip");
		headers.forEach(request::header);
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

}
