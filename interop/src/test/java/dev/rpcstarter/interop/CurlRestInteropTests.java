package dev.rpcstarter.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * curl calls the interop service's REST routes (google.api.http), unary and streaming both
 * ways, plain and gzipped, over HTTP/1.1 and over h2c.
 */
class CurlRestInteropTests extends InteropServer {

	private static final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int webPort;

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "--http1.1", "--http2-prior-knowledge" })
	void getReadsThePathAndPostTheBodyAndMetadataComesBack(String httpVersion) throws Exception {
		Curl lookup = curl(httpVersion, "/v1/lookup/caf%C3%A9%20au%20lait");
		Curl echo = curl(httpVersion, "/v1/echo", "-H", "Content-Type: application/json", "-H", "x-echo: hello",
				"--data-binary", "{\"text\":\"posted\"}");

		assertThat(lookup.status()).isEqualTo(200);
		assertThat(lookup.json()).isEqualTo(json.readTree("{\"text\":\"café au lait\"}"));
		assertThat(echo.status()).isEqualTo(200);
		assertThat(echo.json().get("text").asText()).isEqualTo("posted");
		assertThat(echo.header("x-echo")).isEqualTo("hello");
		assertThat(echo.header("trailer-x-echo-trailer")).isEqualTo("hello");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "--http1.1", "--http2-prior-knowledge" })
	void errorIsGoogleRpcStatusJsonWithTheHttpStatusOfItsCode(String httpVersion) throws Exception {
		Curl failed = curl(httpVersion, "/v1/fail/PERMISSION_DENIED", "-H", "Content-Type: application/json",
				"--data-binary", "{\"message\":\"not yours\",\"reason\":\"OWNER_ONLY\"}");

		assertThat(failed.status()).isEqualTo(403);
		assertThat(failed.json().get("code").asInt()).isEqualTo(7);
		assertThat(failed.json().get("message").asText()).isEqualTo("not yours");
		assertThat(failed.json().at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
		assertThat(failed.json().at("/details/0/reason").asText()).isEqualTo("OWNER_ONLY");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "--http1.1", "--http2-prior-knowledge" })
	void grpcTimeoutEndsASlowCallAndTheServiceSeesItCancelled(String httpVersion) throws Exception {
		this.service.forgetCancelledCalls();
		Curl slept = curl(httpVersion, "/v1/sleep/5000", "-H", "grpc-timeout: 200m");

		assertThat(slept.status()).isEqualTo(504);
		assertThat(slept.json().get("code").asInt()).isEqualTo(4);
		assertThat(this.service.awaitCancelledCall(5000)).as("the service saw its call cancelled").isTrue();
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "--http1.1", "--http2-prior-knowledge" })
	void aServerStreamIsALineOfJsonPerMessageEndedByItsErrorIfAny(String httpVersion) throws Exception {
		this.service.forgetCancelledCalls();
		Curl counted = curl(httpVersion, "/v1/count/3?intervalMillis=10", "--no-buffer");
		Curl cutShort = curl(httpVersion, "/v1/count/1000?intervalMillis=20", "--no-buffer", "-H", "grpc-timeout: 300m");

		assertThat(counted.status()).isEqualTo(200);
		assertThat(counted.header("content-type")).isEqualTo("application/x-ndjson");
		assertThat(counted.body()).isEqualTo("{\"result\":{\"number\":1}}\n{\"result\":{\"number\":2}}\n"
				+ "{\"result\":{\"number\":3}}\n");
		assertThat(cutShort.status()).isEqualTo(200);
		List<String> lines = cutShort.body().lines().toList();
		assertThat(lines).hasSizeGreaterThan(2);
		assertThat(lines.get(0)).isEqualTo("{\"result\":{\"number\":1}}");
		assertThat(json.readTree(lines.get(lines.size() - 1)).at("/error/code").asInt()).as("deadline_exceeded")
			.isEqualTo(4);
		assertThat(this.service.awaitCancelledCall(5000)).as("the service saw its call cancelled").isTrue();
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "--http1.1", "--http2-prior-knowledge" })
	void streamedRequestsAreJsonValuesInTheBody(String httpVersion) throws Exception {
		String body = "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n";
		Curl joined = curl(httpVersion, "/v1/join", "-H", "Content-Type: application/x-ndjson", "--data-binary", body);
		Curl chatted = curl(httpVersion, "/v1/chat", "-H", "Content-Type: application/x-ndjson", "--data-binary", body);

		assertThat(joined.status()).isEqualTo(200);
		assertThat(joined.json()).isEqualTo(json.readTree("{\"text\":\"a,b,c\"}"));
		assertThat(chatted.status()).isEqualTo(200);
		assertThat(chatted.header("content-type")).isEqualTo("application/x-ndjson");
		assertThat(chatted.body()).isEqualTo("{\"result\":{\"text\":\"a\"}}\n{\"result\":{\"text\":\"b\"}}\n"
				+ "{\"result\":{\"text\":\"c\"}}\n");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "--http1.1", "--http2-prior-knowledge" })
	void streamsGoBothWaysInGzip(String httpVersion) throws Exception {
		String lines = "{\"result\":{\"text\":\"a\"}}\n{\"result\":{\"text\":\"b\"}}\n{\"result\":{\"text\":\"c\"}}\n";
		Path upload = Files.createTempFile("requests", ".ndjson.gz");
		try {
			try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(upload))) {
				gzip.write("{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n".getBytes(StandardCharsets.UTF_8));
			}
			Curl counted = curl(httpVersion, "/v1/count/3?intervalMillis=10", "--no-buffer", "--compressed");
			Curl joined = curl(httpVersion, "/v1/join", "-H", "Content-Type: application/x-ndjson", "-H",
					"Content-Encoding: gzip", "--data-binary", "@" + upload);
			Curl chatted = curl(httpVersion, "/v1/chat", "--compressed", "-H", "Content-Type: application/x-ndjson",
					"-H", "Content-Encoding: gzip", "--data-binary", "@" + upload);

			assertThat(counted.status()).isEqualTo(200);
			assertThat(counted.header("content-encoding")).isEqualTo("gzip");
			assertThat(counted.body()).isEqualTo("{\"result\":{\"number\":1}}\n{\"result\":{\"number\":2}}\n"
					+ "{\"result\":{\"number\":3}}\n");
			assertThat(joined.status()).isEqualTo(200);
			assertThat(joined.json()).isEqualTo(json.readTree("{\"text\":\"a,b,c\"}"));
			assertThat(chatted.status()).isEqualTo(200);
			assertThat(chatted.header("content-encoding")).isEqualTo("gzip");
			assertThat(chatted.body()).isEqualTo(lines);
		}
		finally {
			Files.delete(upload);
		}
	}

	/** Runs curl, which prints the response headers and then the body. */
	private Curl curl(String httpVersion, String path, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("curl", "-sS", httpVersion, "-D", "-", "--max-time", "20"));
		command.addAll(List.of(arguments));
		command.add("http://127.0.0.1:" + this.webPort + path);
		return Curl.parse(CommandLine.run(command));
	}

	/** What curl printed: the status line and headers, a blank line, the body. */
	private record Curl(int status, List<String> headers, String body) {

		static Curl parse(String printed) {
			String[] parts = printed.split("\r\n\r\n", 2);
			String[] head = parts[0].split("\r\n");
			return new Curl(Integer.parseInt(head[0].split(" ")[1]), List.of(head).subList(1, head.length), parts[1]);
		}

		String header(String name) {
			return this.headers.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
				.map((line) -> line.substring(name.length() + 1).trim())
				.findFirst()
				.orElse(null);
		}

		JsonNode json() throws IOException {
			return CurlRestInteropTests.json.readTree(this.body);
		}

	}

}
