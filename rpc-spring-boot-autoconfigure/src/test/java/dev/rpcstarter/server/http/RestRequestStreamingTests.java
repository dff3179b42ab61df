package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.SyncFlushGzipOutputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * REST routes of client-streaming and bidirectional methods: the request body is a stream of
 * JSON values, one message each; a client stream is answered with one message, a
 * bidirectional stream with a line of JSON per message, as it goes, gzipped or not. Against a
 * real server on a random port, with the JDK's HTTP client and, for conversations, a chunked
 * HTTP/1.1 body sent piece by piece.
 */
class RestRequestStreamingTests extends RestRoutesServer {

	private static final String NDJSON = "Content-Type: application/x-ndjson";

	private static final String GZIP = "Content-Encoding: gzip";

	@Test
	void aClientStreamOfNewlineDelimitedJsonIsAnsweredWithOneMessage() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "application/x-ndjson",
				"{\"title\":\"Dune\"}\n{\"title\":\"Emma\"}\n{\"title\":\"Ulysses\"}\n");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(response.headers().firstValue("x-served-by")).as("the service's interceptors ran")
			.hasValue("test-service");
		assertThat(json.readTree(response.body()))
			.isEqualTo(json.readTree("{\"count\":3,\"titles\":[\"Dune\",\"Emma\",\"Ulysses\"]}"));
	}

	@Test
	void messagesMaySpanLinesOrShareOneAndArriveInPieces() throws Exception {
		try (ChunkedExchange exchange = new ChunkedExchange(this.port, "/v1/books:import",
				"Content-Type: application/json")) {
			exchange.send("{\n  \"title\": \"Du");
			exchange.send("ne\"\n}{\"title\":\"Emma\"} {\"tit");
			exchange.send("le\":\"Ulysses\"}");
			exchange.finish();

			assertThat(exchange.status()).isEqualTo(200);
			assertThat(json.readTree(exchange.readRest()))
				.isEqualTo(json.readTree("{\"count\":3,\"titles\":[\"Dune\",\"Emma\",\"Ulysses\"]}"));
		}
	}

	@Test
	void anEmptyBodyIsAStreamOfNoMessages() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "application/x-ndjson", "");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body())).isEqualTo(json.readTree("{}"));
	}

	@Test
	void aBidirectionalStreamAnswersEveryMessageWithALine() throws Exception {
		HttpResponse<String> response = post("/v1/books:review", "application/x-ndjson",
				"{\"name\":\"a\",\"pages\":250}\n{\"name\":\"b\",\"pages\":900}\n");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
		assertThat(lines(response.body())).containsExactly(
				json.readTree("{\"result\":{\"name\":\"a\",\"stars\":2}}"),
				json.readTree("{\"result\":{\"name\":\"b\",\"stars\":5}}"));
	}

	@Test
	void aResponseBodyRuleMakesEachResultThatField() throws Exception {
		HttpResponse<String> response = post("/v1/books:rate", "application/x-ndjson",
				"{\"pages\":250}\n{\"pages\":380}\n");

		assertThat(lines(response.body())).containsExactly(json.readTree("{\"result\":2}"),
				json.readTree("{\"result\":3}"));
	}

	@Test
	void aBidirectionalStreamAnswersEachMessageBeforeTheNextIsSent() throws Exception {
		try (ChunkedExchange exchange = new ChunkedExchange(this.port, "/v1/books:review", NDJSON)) {
			exchange.send("{\"name\":\"first\",\"pages\":100}\n");
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(json.readTree(exchange.readLine()))
				.isEqualTo(json.readTree("{\"result\":{\"name\":\"first\",\"stars\":1}}"));

			exchange.send("{\"name\":\"second\",\"pages\":300}\n");
			assertThat(json.readTree(exchange.readLine()))
				.isEqualTo(json.readTree("{\"result\":{\"name\":\"second\",\"stars\":3}}"));

			exchange.finish();
			assertThat(exchange.readLine()).as("the stream ends with the request").isNull();
		}
	}

	@Test
	void malformedJsonIsABadRequest() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "application/x-ndjson",
				"{\"title\":\"Dune\"}\n{\"title\": }\n");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(error(response).get("code").asInt()).as("invalid_argument").isEqualTo(3);
	}

	@Test
	void aValueOfTheWrongTypeIsABadRequestNamingTheField() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "application/x-ndjson", "{\"pages\":\"many\"}\n");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(error(response).get("message").asText())
			.isEqualTo("request is not valid JSON for rpcstarter.test.v1.Book: pages: Not a valid int64 value: many");
	}

	@Test
	void aBodyThatEndsInsideAMessageIsABadRequest() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "application/x-ndjson",
				"{\"title\":\"Dune\"}\n{\"title\":\"Em");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(error(response).get("message").asText()).isEqualTo("the body ended inside a JSON value");
	}

	@Test
	void aMessageOverTheLimitIsRefused() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "application/x-ndjson",
				"{\"title\":\"Dune\"}\n{\"title\":\"" + "x".repeat(2000) + "\"}\n");

		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(error(response).get("message").asText())
			.isEqualTo("message is larger than the limit of 1024 bytes");
	}

	@Test
	void anotherContentTypeIsRefusedNamingTheTwoAccepted() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "text/plain", "{\"title\":\"Dune\"}\n");

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(error(response).get("message").asText())
			.isEqualTo("send the request body as application/json or application/x-ndjson");
	}

	@Test
	void anEncodingOtherThanGzipOrAQueryIsRefused() throws Exception {
		HttpResponse<String> brotli = http.send(request("/v1/books:import")
			.header("Content-Encoding", "br")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> query = post("/v1/books:import?title=Dune", "application/x-ndjson", "{}");

		assertThat(brotli.statusCode()).as("unimplemented, as for a unary body").isEqualTo(501);
		assertThat(error(brotli).get("message").asText()).isEqualTo("encoding br is not supported; use gzip");
		assertThat(query.statusCode()).isEqualTo(400);
		assertThat(error(query).get("message").asText())
			.isEqualTo("this route takes the whole request from its body and reads no query parameters, but got title");
	}

	@Test
	void aGzippedClientStreamIsDecompressedAsItIsRead() throws Exception {
		StringBuilder body = new StringBuilder();
		for (int i = 1; i <= 100; i++) {
			body.append("{\"title\":\"Book ").append(i).append("\"}\n");
		}

		HttpResponse<String> response = postGzipped("/v1/books:import",
				Compression.gzip(body.toString().getBytes(StandardCharsets.UTF_8)));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("count").asInt()).isEqualTo(100);
		assertThat(json.readTree(response.body()).at("/titles/99").asText()).isEqualTo("Book 100");
	}

	@Test
	void aGzippedBodyIsReadHoweverItsBlocksAndChunksFall() throws Exception {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		try (SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(compressed, (length) -> true)) {
			// Each write ends a deflate block: the first message spans two.
			gzip.write("{\"title\":\"Du".getBytes(StandardCharsets.UTF_8));
			gzip.write("ne\"}\n{\"title\":\"Emma\"}".getBytes(StandardCharsets.UTF_8));
			gzip.write(" {\"title\":\"Ulysses\"}\n".getBytes(StandardCharsets.UTF_8));
			gzip.finish();
		}
		byte[] bytes = compressed.toByteArray();

		try (ChunkedExchange exchange = new ChunkedExchange(this.port, "/v1/books:import", NDJSON, GZIP)) {
			for (int i = 0; i < bytes.length; i += 3) {
				exchange.send(Arrays.copyOfRange(bytes, i, Math.min(i + 3, bytes.length)));
			}
			exchange.finish();

			assertThat(exchange.status()).isEqualTo(200);
			assertThat(json.readTree(exchange.readRest()))
				.isEqualTo(json.readTree("{\"count\":3,\"titles\":[\"Dune\",\"Emma\",\"Ulysses\"]}"));
		}
	}

	@Test
	void aBodyThatIsNotGzipOrEndsInsideItsGzipDataIsABadRequest() throws Exception {
		byte[] ndjson = "{\"title\":\"Dune\"}\n{\"title\":\"Emma\"}\n".getBytes(StandardCharsets.UTF_8);
		byte[] gzip = Compression.gzip(ndjson);

		HttpResponse<String> corrupt = postGzipped("/v1/books:import", ndjson);
		HttpResponse<String> truncated = postGzipped("/v1/books:import", Arrays.copyOf(gzip, gzip.length - 4));

		assertThat(corrupt.statusCode()).isEqualTo(400);
		assertThat(error(corrupt).get("message").asText())
			.isEqualTo("request body is not valid gzip: it does not start as gzip does");
		assertThat(truncated.statusCode()).isEqualTo(400);
		assertThat(error(truncated).get("message").asText()).isEqualTo("the body ended inside its gzip data");
	}

	@Test
	void aDecompressedValueOverTheLimitIsRefusedHoweverSmallItsGzip() throws Exception {
		assertGzipBombIsRefused("{\"title\":\"Dune\"}\n{\"title\":\"" + "x".repeat(10_000_000) + "\"}\n",
				"message is larger than the limit of 1024 bytes");
	}

	@Test
	void whitespaceBetweenValuesWithinTheLimitIsDroppedAsItIsDecompressed() throws Exception {
		byte[] body = Compression.gzip((" ".repeat(1023) + "\n{\"title\":\"Dune\"}" + "\n".repeat(1024))
			.getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> response = postGzipped("/v1/books:import", body);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()))
			.isEqualTo(json.readTree("{\"count\":1,\"titles\":[\"Dune\"]}"));
	}

	/**
	 * A gzip bomb of whitespace: 20 MB of it between two values, from 20 KB of gzip, is
	 * refused once the run passes the message size limit, rather than decompressed and
	 * scanned to its end.
	 */
	@Test
	void whitespaceThatInflatesPastTheLimitIsRefusedHoweverSmallItsGzip() throws Exception {
		assertGzipBombIsRefused("{\"title\":\"Dune\"}" + " ".repeat(20_000_000) + "\n{\"title\":\"Emma\"}",
				"the whitespace between values is longer than the limit of 1024 bytes");
	}

	@Test
	void aGzippedConversationGetsEachAnswerInALineThatDecompressesBeforeTheNextMessage() throws Exception {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		SyncFlushGzipOutputStream requests = new SyncFlushGzipOutputStream(compressed, (length) -> true);
		try (ChunkedExchange exchange = new ChunkedExchange(this.port, "/v1/books:review", NDJSON, GZIP,
				"Accept-Encoding: gzip")) {
			requests.write("{\"name\":\"first\",\"pages\":100}\n".getBytes(StandardCharsets.UTF_8));
			sendWritten(exchange, compressed);
			assertThat(exchange.status()).isEqualTo(200);
			assertThat(exchange.header("content-encoding")).isEqualTo("gzip");
			InputStream answers = new GZIPInputStream(exchange.body());
			assertThat(json.readTree(lineOf(answers)))
				.isEqualTo(json.readTree("{\"result\":{\"name\":\"first\",\"stars\":1}}"));

			requests.write("{\"name\":\"second\",\"pages\":300}\n".getBytes(StandardCharsets.UTF_8));
			sendWritten(exchange, compressed);
			assertThat(json.readTree(lineOf(answers)))
				.isEqualTo(json.readTree("{\"result\":{\"name\":\"second\",\"stars\":3}}"));

			requests.finish();
			sendWritten(exchange, compressed);
			exchange.finish();
			assertThat(answers.read()).as("the gzip stream ends whole, with the request").isEqualTo(-1);
		}
	}

	@Test
	void aClientThatLeavesInsideAGzippedStreamCancelsTheService() throws Exception {
		int cancelledBefore = this.library.cancelledStreams();
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();

		try (ChunkedExchange exchange = new ChunkedExchange(this.port, "/v1/books:import", NDJSON, GZIP);
				SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(compressed, (length) -> true)) {
			gzip.write("{\"title\":\"Dune\"}\n".getBytes(StandardCharsets.UTF_8));
			sendWritten(exchange, compressed);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.library.cancelledStreams() > cancelledBefore);
	}

	@Test
	void theServiceFailingAClientStreamIsAnErrorResponse() throws Exception {
		HttpResponse<String> response = post("/v1/books:import", "application/x-ndjson",
				"{\"name\":\"a\"}\n{\"name\":\"b\",\"pages\":-1}\n{\"name\":\"c\"}\n");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(error(response)).isEqualTo(json.readTree("{\"code\":3,\"message\":\"b has -1 pages\"}"));
	}

	@Test
	void theServiceFailingABidirectionalStreamMidwayIsTheLastLine() throws Exception {
		HttpResponse<String> response = post("/v1/books:review", "application/x-ndjson",
				"{\"name\":\"a\",\"pages\":100}\n{\"name\":\"b\",\"pages\":-1}\n{\"name\":\"c\"}\n");

		assertThat(response.statusCode()).as("the answer had started").isEqualTo(200);
		assertThat(lines(response.body())).containsExactly(json.readTree("{\"result\":{\"name\":\"a\",\"stars\":1}}"),
				json.readTree("{\"error\":{\"code\":3,\"message\":\"b has -1 pages\"}}"));
	}

	@Test
	void aClientThatLeavesMidStreamCancelsTheService() throws Exception {
		int cancelledBefore = this.library.cancelledStreams();

		try (ChunkedExchange exchange = new ChunkedExchange(this.port, "/v1/books:import", NDJSON)) {
			exchange.send("{\"title\":\"Dune\"}\n");
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> this.library.cancelledStreams() > cancelledBefore);
	}

	@Test
	void theDeadlineEndsAClientStreamThatDoesNotEnd() throws Exception {
		int cancelledBefore = this.library.cancelledStreams();

		try (ChunkedExchange exchange = new ChunkedExchange(this.port, "/v1/books:import", NDJSON,
				"grpc-timeout: 200m")) {
			exchange.send("{\"title\":\"Dune\"}\n");

			assertThat(exchange.status()).isEqualTo(504);
			assertThat(json.readTree(exchange.readRest()).get("code").asInt()).as("deadline_exceeded").isEqualTo(4);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.library.cancelledStreams() > cancelledBefore);
	}

	/**
	 * Posts a body whose gzip is small, under 30 KB, however much it inflates to, and checks
	 * that the route refuses it with {@code resource_exhausted} (429) and the message.
	 */
	private void assertGzipBombIsRefused(String inflated, String message) throws Exception {
		byte[] bomb = Compression.gzip(inflated.getBytes(StandardCharsets.UTF_8));

		HttpResponse<String> response = postGzipped("/v1/books:import", bomb);

		assertThat(bomb).hasSizeLessThan(30_000);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(error(response).get("message").asText()).isEqualTo(message);
	}

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		return http.send(request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> postGzipped(String path, byte[] gzip) throws Exception {
		return http.send(request(path).header("Content-Type", "application/x-ndjson")
			.header("Content-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofByteArray(gzip))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Sends what a gzip stream wrote since the last time as a chunk. */
	private static void sendWritten(ChunkedExchange exchange, ByteArrayOutputStream compressed) throws IOException {
		exchange.send(compressed.toByteArray());
		compressed.reset();
	}

	private static JsonNode error(HttpResponse<String> response) throws Exception {
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		return json.readTree(response.body());
	}

	private static List<JsonNode> lines(String body) throws Exception {
		List<JsonNode> lines = new ArrayList<>();
		for (String line : body.split("\n")) {
			lines.add(json.readTree(line));
		}
		return lines;
	}

}
