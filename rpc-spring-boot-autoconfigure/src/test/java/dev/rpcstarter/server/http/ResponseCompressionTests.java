package dev.rpcstarter.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web port's default response compression with a configured minimum size, and a
 * service's own choice for its call winning over it, for every protocol.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true",
				"rpc.http.compression.min-response-size=200B" })
class ResponseCompressionTests {

	private static final String ABOVE_MINIMUM = "a message above the minimum size ".repeat(10);

	private static final String BELOW_MINIMUM = "a message below it";

	@LocalServerPort
	private int port;

	@Test
	void connectUnaryCompressesAnswersFromTheMinimumSize() throws Exception {
		CompressionProbe.Answer above = CompressionProbe.overConnectUnary(this.port, ABOVE_MINIMUM, Map.of());
		CompressionProbe.Answer below = CompressionProbe.overConnectUnary(this.port, BELOW_MINIMUM, Map.of());

		assertThat(above).isEqualTo(new CompressionProbe.Answer("gzip", ABOVE_MINIMUM));
		assertThat(below).isEqualTo(new CompressionProbe.Answer(null, BELOW_MINIMUM));
	}

	@ParameterizedTest
	@EnumSource(WireVariant.class)
	void streamsCompressMessagesFromTheMinimumSize(WireVariant wire) throws Exception {
		assertThat(CompressionProbe.overStream(wire, this.port, ABOVE_MINIMUM, Map.of()))
			.isEqualTo(new CompressionProbe.Answer("gzip", ABOVE_MINIMUM));
		assertThat(CompressionProbe.overStream(wire, this.port, BELOW_MINIMUM, Map.of()))
			.isEqualTo(new CompressionProbe.Answer(null, BELOW_MINIMUM));
	}

	@Test
	void serviceThatAsksForGzipHasEveryMessageCompressedHoweverSmall() throws Exception {
		Map<String, String> gzip = Map.of("x-compressor", "gzip");

		assertThat(CompressionProbe.overConnectUnary(this.port, "tiny", gzip))
			.isEqualTo(new CompressionProbe.Answer("gzip", "tiny"));
		assertThat(CompressionProbe.overStream(WireVariant.CONNECT_PROTO, this.port, "tiny", gzip))
			.isEqualTo(new CompressionProbe.Answer("gzip", "tiny"));
	}

	@Test
	void answersThatACacheMustNotGiveToAClientWithAnotherAcceptEncodingSaySo() throws Exception {
		HttpResponse<String> above = connectUnaryWithoutAcceptEncoding(ABOVE_MINIMUM);
		HttpResponse<String> below = connectUnaryWithoutAcceptEncoding(BELOW_MINIMUM);
		HttpResponse<String> stream = HttpClient.newHttpClient().send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/v1/shelves/1/books:stream?count=1"))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(above.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(above.headers().allValues("Vary")).as("gzip for a client that accepts it").contains("Accept-Encoding");
		assertThat(below.headers().allValues("Vary")).as("never compressed").doesNotContain("Accept-Encoding");
		assertThat(stream.headers().allValues("Vary")).contains("Accept-Encoding");
	}

	@Test
	void serviceThatChoosesIdentityIsAnsweredUncompressed() throws Exception {
		Map<String, String> identity = Map.of("x-compressor", "identity");

		assertThat(CompressionProbe.overConnectUnary(this.port, ABOVE_MINIMUM, identity).encoding()).isNull();
		assertThat(CompressionProbe.overStream(WireVariant.GRPC_WEB_PROTO, this.port, ABOVE_MINIMUM, identity).encoding())
			.isNull();
		assertThat(CompressionProbe.overGrpcChannel(this.port, ABOVE_MINIMUM, identity))
			.as("no grpc-encoding is declared").isEqualTo(new CompressionProbe.Answer(null, ABOVE_MINIMUM));
	}

	@Test
	void compressorChosenAfterTheHeadersIsRefused() throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/rpcstarter.test.v1.TestService/Echo"))
			.header("Content-Type", "application/json")
			.header("x-compressor-after-headers", "gzip")
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"late\"}"))
			.build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("trailer-x-late-compressor")).hasValue("IllegalStateException");
	}

	private HttpResponse<String> connectUnaryWithoutAcceptEncoding(String message) throws Exception {
		return HttpClient.newHttpClient().send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/rpcstarter.test.v1.TestService/Echo"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"" + message + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void serviceThatTurnsMessageCompressionOffIsAnsweredUncompressed() throws Exception {
		Map<String, String> off = Map.of("x-message-compression", "off");

		assertThat(CompressionProbe.overConnectUnary(this.port, ABOVE_MINIMUM, off).encoding()).isNull();
		assertThat(CompressionProbe.overStream(WireVariant.CONNECT_JSON, this.port, ABOVE_MINIMUM, off).encoding())
			.isNull();
	}

}
