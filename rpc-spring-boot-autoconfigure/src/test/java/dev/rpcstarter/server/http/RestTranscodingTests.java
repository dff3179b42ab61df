package dev.rpcstarter.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.testservice.LibraryServiceImpl;
import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST routes declared with google.api.http, called with the JDK's HTTP client against a real
 * server on a random port.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "rpc.http.max-message-size=64KB" })
class RestTranscodingTests {

	private static final ObjectMapper json = new ObjectMapper();

	private static HttpClient http;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void createClient() {
		http = HttpClient.newHttpClient();
	}

	@Test
	void getReadsTheNameFromThePathAndAnswersWithTheMessageAsJson() throws Exception {
		HttpResponse<String> response = send("GET", "/v1/shelves/1/books/1", null, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(json.readTree(response.body()))
			.isEqualTo(json.readTree("{\"name\":\"shelves/1/books/1\",\"title\":\"Dune\",\"pages\":\"412\"}"));
		assertThat(response.headers().firstValue("x-served-by")).as("the service's interceptors ran")
			.hasValue("test-service");
	}

	@Test
	void errorIsGoogleRpcStatusAsJsonWithItsDetailsAndTheHttpStatusOfItsCode() throws Exception {
		HttpResponse<String> response = send("GET", "/v1/shelves/1/books/caf%C3%A9", null, null);

		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode error = json.readTree(response.body());
		assertThat(error.get("code").asInt()).isEqualTo(5);
		assertThat(error.get("message").asText()).as("a one-segment variable is percent-decoded")
			.isEqualTo("no book shelves/1/books/café");
		assertThat(error.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
		assertThat(error.at("/details/0/reason").asText()).isEqualTo("BOOK_NOT_FOUND");
	}

	@Test
	void queryParametersFillEveryKindOfFieldTheUrlCanHold() throws Exception {
		HttpResponse<String> response = send("GET", "/v1/shelves/7/books?pageSize=25&tags=sf&tags=classic"
				+ "&genre=HISTORY&filter.title_prefix=Du+ne&filter.publishedAfter=2020-01-01T00:00:00Z&min_pages=100"
				+ "&available_only=true&max_price_cents=18446744073709551615&cursor=AQID"
				+ "&labels%5Benv%5D=prod&labels%5Bteam%5D=core&shelf_genres%5B3%5D=FICTION", null, null);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("request")).isEqualTo(json.readTree("""
				{"parent":"shelves/7","pageSize":25,"tags":["sf","classic"],"genre":"HISTORY",
				 "filter":{"titlePrefix":"Du ne","publishedAfter":"2020-01-01T00:00:00Z"},"minPages":100,
				 "availableOnly":true,"maxPriceCents":"18446744073709551615","cursor":"AQID",
				 "labels":{"env":"prod","team":"core"},"shelfGenres":{"3":"FICTION"}}"""));
	}

	@Test
	void queryParameterThatIsUnknownMistypedOrBoundByThePathIsInvalidArgument() throws Exception {
		assertInvalidArgument(send("GET", "/v1/shelves/7/books?page=2", null, null),
				"query parameter page: rpcstarter.test.v1.ListBooksRequest has no field page");
		assertInvalidArgument(send("GET", "/v1/shelves/7/books?page_size=ten", null, null),
				"page_size: \"ten\" is not a valid int32");
		assertInvalidArgument(send("GET", "/v1/shelves/7/books?genre=POETRY", null, null),
				"genre: \"POETRY\" is not a valid rpcstarter.test.v1.Genre value");
		assertInvalidArgument(send("GET", "/v1/shelves/7/books?parent=shelves/8", null, null),
				"query parameter parent is a field of the path");
		assertInvalidArgument(send("GET", "/v1/shelves/7/books?filter=x", null, null),
				"query parameter filter is a message, which a URL cannot fill; "
						+ "name one of its fields instead, as filter.<field>");
		assertInvalidArgument(send("GET", "/v1/shelves/7/books?labels=x", null, null),
				"query parameter labels is a map, which a URL cannot fill as a whole; "
						+ "a query parameter fills one of its entries, as labels[<key>]");
		assertInvalidArgument(send("GET", "/v1/shelves/7/books?shelfGenres%5Bfirst%5D=HISTORY", null, null),
				"shelf_genres[first] key: \"first\" is not a valid int32");
	}

	@Test
	void postTakesTheNamedFieldFromTheBodyAndTheRestFromThePath() throws Exception {
		HttpResponse<String> response = send("POST", "/v1/shelves/2/books", "application/json",
				"{\"title\":\"Foundation\",\"genre\":\"FICTION\",\"published\":\"1951-06-01T00:00:00Z\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode book = json.readTree(response.body());
		assertThat(book.get("name").asText()).startsWith("shelves/2/books/");
		assertThat(book.get("title").asText()).isEqualTo("Foundation");
		assertThat(book.get("published").asText()).isEqualTo("1951-06-01T00:00:00Z");
	}

	@Test
	void wholeBodyRouteWithoutPathVariablesReadsTheBodyAloneAndRefusesBrokenJson() throws Exception {
		HttpResponse<String> search = send("POST", "/v1/books:search", "application/json",
				"{\"pageSize\":3,\"tags\":[\"sf\"],\"genre\":\"FICTION\"}");
		HttpResponse<String> empty = send("POST", "/v1/books:search", "application/json", "");
		HttpResponse<String> untyped = send("POST", "/v1/books:search", null, "{\"pageSize\":4}");
		HttpResponse<String> broken = send("POST", "/v1/books:search", "application/json", "{\"pageSize\":");
		HttpResponse<String> mistyped = send("POST", "/v1/books:search", "application/json", "{\"pageSize\":\"three\"}");

		assertThat(json.readTree(search.body()).get("request"))
			.isEqualTo(json.readTree("{\"pageSize\":3,\"tags\":[\"sf\"],\"genre\":\"FICTION\"}"));
		assertThat(json.readTree(empty.body())).isEqualTo(json.readTree("{\"request\":{}}"));
		assertThat(json.readTree(untyped.body())).as("a body without a content type is read as JSON")
			.isEqualTo(json.readTree("{\"request\":{\"pageSize\":4}}"));
		for (HttpResponse<String> refused : List.of(broken, mistyped)) {
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(json.readTree(refused.body()).get("code").asInt()).isEqualTo(3);
		}
	}

	@Test
	void pathVariableOfANestedFieldWinsOverTheBody() throws Exception {
		HttpResponse<String> response = send("PATCH", "/v1/shelves/3/books/9", "application/json; charset=utf-8",
				"{\"name\":\"elsewhere\",\"title\":\"Renamed\"}");

		assertThat(json.readTree(response.body()))
			.isEqualTo(json.readTree("{\"name\":\"shelves/3/books/9\",\"title\":\"Renamed\"}"));
	}

	@Test
	void bodyThatIsNotOneJsonValueOrNotJsonAtAllIsRefused() throws Exception {
		assertInvalidArgument(send("POST", "/v1/shelves/2/books", "application/json", "{\"title\":\"a\"} {\"title\":\"b\"}"),
				"the body holds more than one JSON value");
		HttpResponse<String> malformed = send("POST", "/v1/shelves/2/books", "application/json", "{\"title\":");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(json.readTree(malformed.body()).get("message").asText()).startsWith("the body is not valid JSON");
		HttpResponse<String> form = send("POST", "/v1/shelves/2/books", "application/x-www-form-urlencoded", "title=a");
		assertThat(form.statusCode()).isEqualTo(415);
		assertThat(json.readTree(form.body()).get("message").asText()).isEqualTo("send the request body as application/json");
	}

	@Test
	void gzipBodyIsReadAndOversizedBodyIsResourceExhausted() throws Exception {
		HttpResponse<String> gzipped = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port
				+ "/v1/shelves/5/books"))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofByteArray(Compression.gzip("{\"title\":\"Packed\"}".getBytes())))
			.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> oversized = send("POST", "/v1/shelves/5/books", "application/json",
				"{\"title\":\"" + "x".repeat(70 * 1024) + "\"}");

		assertThat(json.readTree(gzipped.body()).get("title").asText()).isEqualTo("Packed");
		assertThat(oversized.statusCode()).isEqualTo(429);
		assertThat(json.readTree(oversized.body()).get("code").asInt()).isEqualTo(8);
	}

	@Test
	void wholeBodyRouteWithCustomVerbAnswersWithTheNamedResponseField() throws Exception {
		HttpResponse<String> response = send("POST", "/v1/shelves/1/books/1:archive", "application/json",
				"{\"reason\":\"worn out\"}");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json.readTree(response.body())).isEqualTo(json.readTree(
				"{\"name\":\"shelves/1/books/1\",\"title\":\"Dune\",\"pages\":\"412\"}"));
		assertThat(send("POST", "/v1/shelves/1/books/1:archive", "application/json", "{\"reason\":\"lost\"}").body())
			.as("a response field at its default").isEqualTo("{}");
		assertInvalidArgument(send("POST", "/v1/shelves/1/books/1:archive?reason=x", "application/json", "{}"),
				"this route takes the whole request from its body and reads no query parameters, but got reason");
	}

	@Test
	void deleteAnswersWithAnEmptyObjectAndThenNotFound() throws Exception {
		String created = json.readTree(send("POST", "/v1/shelves/4/books", "application/json", "{\"title\":\"Gone\"}")
			.body()).get("name").asText();

		HttpResponse<String> deleted = send("DELETE", "/v1/" + created, null, null);
		HttpResponse<String> again = send("DELETE", "/v1/" + created, null, null);

		assertThat(deleted.statusCode()).isEqualTo(200);
		assertThat(deleted.body()).isEqualTo("{}");
		assertThat(again.statusCode()).isEqualTo(404);
	}

	@Test
	void multiSegmentVariableKeepsItsSlashesAndAdditionalBindingsServeTheSameMethod() throws Exception {
		HttpResponse<String> v1 = send("GET", "/v1/files/docs/a%20b/read%20me.txt", null, null);
		HttpResponse<String> v2 = send("GET", "/v2/files/docs/x", null, null);

		assertThat(json.readTree(v1.body()).get("path").asText()).isEqualTo("docs/a b/read me.txt");
		assertThat(json.readTree(v2.body()).get("path").asText()).isEqualTo("files/docs/x");
	}

	@Test
	void pathsWithoutARouteAreLeftToTheApplication() throws Exception {
		for (String path : new String[] { "/v1/shelves/1", "/v1/shelves/1/books/1/extra", "/v1/shelves/1:watch" }) {
			HttpResponse<String> response = send("GET", path, null, null);

			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(json.readTree(response.body()).has("code")).as(path + " answered by Spring, not the bridge")
				.isFalse();
		}
		assertThat(send("PUT", "/v1/shelves/1/books/1", "application/json", "{}").statusCode())
			.as("a route's path with another HTTP method").isEqualTo(404);
	}

	@Test
	void serviceAnsweringAfterTheRequestThreadLeftIsHeardAndGrpcTimeoutSetsTheDeadline() throws Exception {
		HttpResponse<String> quick = send("GET", "/v1/pause/50", null, null, "grpc-timeout", "5S");
		HttpResponse<String> late = send("GET", "/v1/pause/5000", null, null, "grpc-timeout", "100m");
		HttpResponse<String> notANumber = send("GET", "/v1/pause/soon", null, null);

		assertThat(quick.statusCode()).isEqualTo(200);
		assertThat(quick.body()).as("the answer, not an empty response").isEqualTo("{}");
		assertThat(late.statusCode()).isEqualTo(504);
		assertThat(json.readTree(late.body()).get("code").asInt()).isEqualTo(4);
		assertInvalidArgument(notANumber, "millis: \"soon\" is not a valid int32");
	}

	@Test
	void theSameMethodsStillAnswerOnTheirRpcPaths() throws Exception {
		HttpResponse<String> response = send("POST", "/rpcstarter.test.v1.LibraryService/GetBook", "application/json",
				"{\"name\":\"" + LibraryServiceImpl.DUNE.getName() + "\"}");

		assertThat(json.readTree(response.body()).get("title").asText()).isEqualTo("Dune");
	}

	private static void assertInvalidArgument(HttpResponse<String> response, String message) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode error = json.readTree(response.body());
		assertThat(error.get("code").asInt()).isEqualTo(3);
		assertThat(error.get("message").asText()).isEqualTo(message);
	}

	private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
