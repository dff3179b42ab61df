package dev.rpcstarter.server.http;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * REST routes of a server-streaming method: newline-delimited JSON, a {@code result} line per
 * message and an {@code error} line when the call fails after it has started to answer, as one
 * gzip stream for a client that accepts it, read with the JDK's HTTP client against a real
 * server on a random port.
 */
class RestStreamingTests extends RestRoutesServer {

	@Test
	void everyMessageIsALineOfJsonWithTheMessageAsItsResult() throws Exception {
		HttpResponse<Stream<String>> response = get("/v1/shelves/3/books:stream?count=3");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
		assertThat(response.headers().firstValue("x-served-by")).as("the service's interceptors ran")
			.hasValue("test-service");
		assertThat(lines(response)).containsExactly(
				json.readTree("{\"result\":{\"name\":\"shelves/3/books/1\",\"title\":\"Book 1\"}}"),
				json.readTree("{\"result\":{\"name\":\"shelves/3/books/2\",\"title\":\"Book 2\"}}"),
				json.readTree("{\"result\":{\"name\":\"shelves/3/books/3\",\"title\":\"Book 3\"}}"));
	}

	@Test
	void aResponseBodyRuleMakesEachResultThatFieldOfTheMessage() throws Exception {
		HttpResponse<Stream<String>> response = get("/v1/shelves/3/titles:stream?count=2");

		assertThat(lines(response)).containsExactly(json.readTree("{\"result\":\"Book 1\"}"),
				json.readTree("{\"result\":\"Book 2\"}"));
	}

	@Test
	void aStreamWithoutMessagesIsAnEmptyAnswer() throws Exception {
		HttpResponse<Stream<String>> response = get("/v1/shelves/3/books:stream?count=0");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
		assertThat(lines(response)).isEmpty();
	}

	@Test
	void aFailureAfterTheFirstMessageIsTheLastLine() throws Exception {
		HttpResponse<Stream<String>> response = get("/v1/shelves/3/books:stream?count=2&failCode=8");

		assertThat(response.statusCode()).as("the answer had started").isEqualTo(200);
		List<JsonNode> lines = lines(response);
		assertThat(lines).hasSize(3);
		assertThat(lines.get(1).at("/result/title").asText()).isEqualTo("Book 2");
		assertThat(lines.get(2))
			.isEqualTo(json.readTree("{\"error\":{\"code\":8,\"message\":\"failed after 2 books\"}}"));
	}

	@Test
	void aFailureBeforeTheFirstMessageIsAnsweredAsAUnaryCallsIs() throws Exception {
		HttpResponse<String> failed = http.send(request("/v1/shelves/3/books:stream?failCode=5").build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> badQuery = http.send(request("/v1/shelves/3/books:stream?count=many").build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(failed.statusCode()).isEqualTo(404);
		assertThat(failed.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(json.readTree(failed.body()))
			.isEqualTo(json.readTree("{\"code\":5,\"message\":\"failed after 0 books\"}"));
		assertThat(badQuery.statusCode()).isEqualTo(400);
		assertThat(json.readTree(badQuery.body()).get("message").asText())
			.isEqualTo("count: \"many\" is not a valid int32");
	}

	@Test
	void theDeadlineEndsAnEndlessStreamWithAnErrorLineAndCancelsTheService() throws Exception {
		int cancelledBefore = this.library.cancelledStreams();

		HttpResponse<Stream<String>> response = http.send(
				request("/v1/shelves/3/books:stream?endless=true").header("grpc-timeout", "200m").build(),
				HttpResponse.BodyHandlers.ofLines());

		List<JsonNode> lines = lines(response);
		assertThat(lines).hasSizeGreaterThan(1);
		assertThat(lines.get(0).at("/result/title").asText()).isEqualTo("Book 1");
		assertThat(lines.get(lines.size() - 1).at("/error/code").asInt()).as("deadline_exceeded").isEqualTo(4);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.library.cancelledStreams() > cancelledBefore);
	}

	@Test
	void aClientThatLeavesMidStreamCancelsTheService() throws Exception {
		int cancelledBefore = this.library.cancelledStreams();

		HttpResponse<Stream<String>> response = get("/v1/shelves/3/books:stream?endless=true");
		try (Stream<String> lines = response.body()) {
			assertThat(lines.limit(2)).as("lines arrive while the stream goes on").hasSize(2);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.library.cancelledStreams() > cancelledBefore);
	}

	@Test
	void aClientThatAcceptsGzipGetsTheSameLinesAsOneGzipStream() throws Exception {
		HttpResponse<byte[]> gzipped = getGzipped("/v1/shelves/3/books:stream?count=3");
		HttpResponse<Stream<String>> plain = get("/v1/shelves/3/books:stream?count=3");

		assertThat(gzipped.statusCode()).isEqualTo(200);
		assertThat(gzipped.headers().firstValue("content-type")).hasValue("application/x-ndjson");
		assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
		assertThat(plain.headers().firstValue("content-encoding")).as("without Accept-Encoding").isEmpty();
		assertThat(gunzip(gzipped.body()).lines().map(RestStreamingTests::parse)).containsExactlyElementsOf(lines(plain));
	}

	@Test
	void smallLinesAreStoredInTheGzipStreamUnlessTheServiceAsksForGzip() throws Exception {
		HttpResponse<byte[]> stored = getGzipped("/v1/shelves/3/books:stream?count=2");
		HttpResponse<byte[]> deflated = http.send(request("/v1/shelves/3/books:stream?count=2")
			.header("Accept-Encoding", "gzip")
			.header("x-compressor", "gzip")
			.build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(new String(stored.body(), StandardCharsets.ISO_8859_1)).as("lines under 1 KiB go as they are")
			.contains("\"title\":\"Book 1\"");
		assertThat(new String(deflated.body(), StandardCharsets.ISO_8859_1)).doesNotContain("Book 1");
		assertThat(deflated.headers().firstValue("content-encoding")).hasValue("gzip");
		assertThat(gunzip(deflated.body())).isEqualTo(gunzip(stored.body()));
	}

	@Test
	void aFailureAfterTheFirstMessageIsTheLastLineOfTheGzipStream() throws Exception {
		HttpResponse<byte[]> response = getGzipped("/v1/shelves/3/books:stream?count=2&failCode=8");

		assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
		List<JsonNode> lines = gunzip(response.body()).lines().map(RestStreamingTests::parse).toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(2))
			.isEqualTo(json.readTree("{\"error\":{\"code\":8,\"message\":\"failed after 2 books\"}}"));
	}

	@Test
	void aStreamThatEndsBeforeItsFirstLineIsAnsweredUncompressed() throws Exception {
		HttpResponse<byte[]> empty = getGzipped("/v1/shelves/3/books:stream?count=0");
		HttpResponse<byte[]> failed = getGzipped("/v1/shelves/3/books:stream?failCode=5");

		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(empty.headers().firstValue("content-encoding")).isEmpty();
		assertThat(empty.body()).isEmpty();
		assertThat(failed.statusCode()).isEqualTo(404);
		assertThat(failed.headers().firstValue("content-encoding")).isEmpty();
		assertThat(json.readTree(failed.body()))
			.isEqualTo(json.readTree("{\"code\":5,\"message\":\"failed after 0 books\"}"));
	}

	@Test
	void gzippedLinesDecompressAsTheyArriveAndAClientThatLeavesCancelsTheService() throws Exception {
		int cancelledBefore = this.library.cancelledStreams();

		HttpResponse<InputStream> response = http.send(
				request("/v1/shelves/3/books:stream?endless=true").header("Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream lines = new GZIPInputStream(response.body())) {
			assertThat(parse(lineOf(lines)).at("/result/title").asText()).isEqualTo("Book 1");
			assertThat(parse(lineOf(lines)).at("/result/title").asText()).isEqualTo("Book 2");
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.library.cancelledStreams() > cancelledBefore);
	}

	private HttpResponse<byte[]> getGzipped(String path) throws Exception {
		return http.send(request(path).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpResponse<Stream<String>> get(String path) throws Exception {
		return http.send(request(path).build(), HttpResponse.BodyHandlers.ofLines());
	}

	private static List<JsonNode> lines(HttpResponse<Stream<String>> response) {
		try (Stream<String> lines = response.body()) {
			return lines.map(RestStreamingTests::parse).toList();
		}
	}

	private static JsonNode parse(String line) {
		try {
			return json.readTree(line);
		}
		catch (Exception ex) {
			throw new AssertionError("not a line of JSON: " + line, ex);
		}
	}

}
