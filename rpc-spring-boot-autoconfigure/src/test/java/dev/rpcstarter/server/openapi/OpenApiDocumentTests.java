package dev.rpcstarter.server.openapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of the test library's REST routes, read from a real server: its paths
 * and parameters are those the bridge serves (a call built from them works), and its schemas
 * follow the proto3 JSON mapping.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "rpc.http.rest.openapi.enabled=true",
				"spring.application.name=library-tests" })
class OpenApiDocumentTests {

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final String BOOK = "#/components/schemas/rpcstarter.test.v1.Book";

	private static final String STATUS = "#/components/schemas/google.rpc.Status";

	@LocalServerPort
	private int port;

	private JsonNode document;

	@BeforeEach
	void readDocument() throws Exception {
		HttpResponse<String> response = get("/rpc/openapi.json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		this.document = json.readTree(response.body());
	}

	@Test
	void describesTheApplicationAsOpenApi31() {
		assertThat(this.document.path("openapi").asText()).isEqualTo("3.1.0");
		assertThat(this.document.at("/info/title").asText()).isEqualTo("library-tests");
		assertThat(this.document.at("/info/version").asText()).isEqualTo("1");
	}

	@Test
	void aVariableOfSeveralSegmentsIsAParameterPerWildcard() {
		JsonNode getBook = operation("/v1/shelves/{name.1}/books/{name.2}", "get");

		assertThat(getBook.path("operationId").asText()).isEqualTo("LibraryService_GetBook");
		assertThat(getBook.path("tags")).containsExactly(json.getNodeFactory().textNode("rpcstarter.test.v1.LibraryService"));
		assertThat(names(getBook.path("parameters"))).containsExactly("name.1", "name.2");
		assertThat(getBook.at("/parameters/0/in").asText()).isEqualTo("path");
		assertThat(getBook.at("/parameters/0/required").asBoolean()).isTrue();
		assertThat(getBook.at("/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo(BOOK);
		assertThat(getBook.at("/responses/default/content/application~1json/schema/$ref").asText()).isEqualTo(STATUS);
		assertThat(operation("/v1/shelves/{name.1}/books/{name.2}", "delete").path("operationId").asText())
			.isEqualTo("LibraryService_DeleteBook");
	}

	@Test
	void aWholeVariableKeepsItsFieldPathAndARestVariableSaysSo() {
		JsonNode pause = operation("/v1/pause/{millis}", "get");
		JsonNode file = operation("/v1/files/{path}", "get");
		JsonNode fileAgain = operation("/v2/files/{path.1}", "get");

		assertThat(pause.at("/parameters/0/schema")).isEqualTo(jsonOf("{\"type\":\"integer\",\"format\":\"int32\"}"));
		assertThat(file.at("/parameters/0/description").asText()).isEqualTo("The rest of the path, slashes included.");
		assertThat(fileAgain.path("operationId").asText()).as("an additional binding").isEqualTo("LibraryService_GetFile_2");
	}

	@Test
	void pathsOfOneShapeAreOnePathNamedAsTheShorterNamesThem() throws Exception {
		JsonNode getBook = operation("/v1/books/{name}", "get");
		JsonNode updateBook = operation("/v1/books/{name}", "patch");

		assertThat(this.document.path("paths").has("/v1/books/{book.name}")).as("OpenAPI holds it the same path")
			.isFalse();
		assertThat(this.document.path("paths").has("/v1/shelves/{book.name.1}/books/{book.name.2}")).isFalse();
		assertThat(operation("/v1/shelves/{name.1}/books/{name.2}", "patch").path("operationId").asText())
			.isEqualTo("LibraryService_UpdateBook");
		assertThat(getBook.at("/parameters/0/description").asText()).doesNotContain("own name");
		assertThat(updateBook.at("/parameters/0/name").asText()).isEqualTo("name");
		assertThat(updateBook.at("/parameters/0/description").asText())
			.endsWith("This operation's own name for it is book.name.");

		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/v1/books/b7"))
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Dune\"}"))
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).path("name").asText()).as("the value fills the PATCH's own field")
			.isEqualTo("b7");
	}

	@Test
	void fieldsThatNeitherPathNorBodyFillAreQueryParametersByTheirJsonNames() {
		JsonNode listBooks = operation("/v1/shelves/{parent.1}/books", "get");

		assertThat(names(listBooks.path("parameters"))).containsExactly("parent.1", "pageSize", "tags", "genre",
				"filter.titlePrefix", "filter.publishedAfter", "minPages", "availableOnly", "maxPriceCents", "cursor",
				"maxAge", "fields", "signed", "genres", "minRating", "labels", "shelfGenres");
		assertThat(parameter(listBooks, "tags").path("schema"))
			.isEqualTo(jsonOf("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
		assertThat(parameter(listBooks, "labels").path("style").asText()).isEqualTo("deepObject");
		assertThat(parameter(listBooks, "minPages").path("schema"))
			.isEqualTo(jsonOf("{\"type\":\"integer\",\"format\":\"int32\"}"));
		assertThat(operation("/v1/shelves/{parent.1}/books", "post").path("parameters")).as("body and path fill all")
			.hasSize(1);
		assertThat(operation("/v1/books:search", "post").has("parameters")).as("body: *").isFalse();
	}

	@Test
	void aCallBuiltFromTheDocumentsNamesIsReadAsTheyPromise() throws Exception {
		JsonNode listBooks = operation("/v1/shelves/{parent.1}/books", "get");
		assertThat(names(listBooks.path("parameters"))).contains("pageSize", "filter.titlePrefix", "labels");

		HttpResponse<String> response = get(
				"/v1/shelves/7/books?pageSize=3&filter.titlePrefix=Du&labels%5Benv%5D=prod&maxPriceCents=12");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).path("request")).isEqualTo(jsonOf("{\"parent\":\"shelves/7\","
				+ "\"pageSize\":3,\"filter\":{\"titlePrefix\":\"Du\"},\"maxPriceCents\":\"12\",\"labels\":{\"env\":\"prod\"}}"));
	}

	@Test
	void bodiesAreTheWholeRequestOrTheFieldTheRuleNames() {
		assertThat(operation("/v1/books:search", "post").at("/requestBody/content/application~1json/schema/$ref")
			.asText()).isEqualTo("#/components/schemas/rpcstarter.test.v1.ListBooksRequest");
		assertThat(operation("/v1/shelves/{parent.1}/books", "post")
			.at("/requestBody/content/application~1json/schema/$ref").asText()).isEqualTo(BOOK);
		assertThat(operation("/v1/shelves/{name.1}/books/{name.2}:archive", "post")
			.at("/responses/200/content/application~1json/schema/$ref").asText()).as("response_body: book")
			.isEqualTo(BOOK);
	}

	@Test
	void streamsAreNewlineDelimitedJson() {
		JsonNode stream = operation("/v1/shelves/{parent.1}/books:stream", "get")
			.at("/responses/200/content/application~1x-ndjson/schema");
		JsonNode imports = operation("/v1/books:import", "post");
		JsonNode reviews = operation("/v1/books:review", "post");

		assertThat(stream.at("/properties/result/$ref").asText()).isEqualTo(BOOK);
		assertThat(stream.at("/properties/error/$ref").asText()).isEqualTo(STATUS);
		assertThat(imports.at("/requestBody/content/application~1x-ndjson/schema/$ref").asText()).isEqualTo(BOOK);
		assertThat(imports.at("/responses/200/content/application~1json/schema/$ref").asText())
			.isEqualTo("#/components/schemas/rpcstarter.test.v1.ImportBooksResponse");
		assertThat(reviews.at("/responses/200/content/application~1x-ndjson/schema/properties/result/$ref").asText())
			.isEqualTo("#/components/schemas/rpcstarter.test.v1.Review");
	}

	@Test
	void schemasFollowTheProto3JsonMapping() {
		JsonNode schemas = this.document.at("/components/schemas");
		JsonNode book = schemas.at("/rpcstarter.test.v1.Book/properties");
		JsonNode request = schemas.at("/rpcstarter.test.v1.ListBooksRequest/properties");

		assertThat(book.path("pages")).as("int64").isEqualTo(jsonOf("{\"type\":\"string\",\"format\":\"int64\"}"));
		assertThat(book.path("published")).isEqualTo(jsonOf("{\"type\":\"string\",\"format\":\"date-time\"}"));
		assertThat(book.path("genre")).isEqualTo(jsonOf("{\"$ref\":\"#/components/schemas/rpcstarter.test.v1.Genre\"}"));
		assertThat(schemas.at("/rpcstarter.test.v1.Genre/enum")).isEqualTo(
				jsonOf("[\"GENRE_UNSPECIFIED\",\"FICTION\",\"HISTORY\"]"));
		assertThat(request.path("maxPriceCents")).isEqualTo(jsonOf("{\"type\":\"string\",\"format\":\"uint64\"}"));
		assertThat(request.path("cursor")).isEqualTo(jsonOf("{\"type\":\"string\",\"format\":\"byte\"}"));
		assertThat(request.path("signed")).as("a wrapper").isEqualTo(jsonOf("{\"type\":\"boolean\"}"));
		assertThat(request.path("booksByName")).isEqualTo(jsonOf("{\"type\":\"object\",\"additionalProperties\":{\"$ref\":\""
				+ BOOK + "\"}}"));
		assertThat(request.path("filter").path("$ref").asText())
			.isEqualTo("#/components/schemas/rpcstarter.test.v1.ListBooksRequest.Filter");
		assertThat(schemas.at("/google.rpc.Status/properties/details/items/required/0").asText()).isEqualTo("@type");
	}

	@Test
	void theProtoFilesCommentsDescribeServicesOperationsParametersAndSchemas() {
		JsonNode schemas = this.document.at("/components/schemas");
		JsonNode streamBooks = operation("/v1/shelves/{parent.1}/books:stream", "get");
		JsonNode listBooks = operation("/v1/shelves/{parent.1}/books", "get");

		assertThat(this.document.path("tags")).contains(jsonOf("{\"name\":\"rpcstarter.test.v1.LibraryService\","
				+ "\"description\":\"A service with REST routes (google.api.http), for the tests of REST transcoding.\"}"));
		assertThat(listBooks.path("summary").asText())
			.isEqualTo("Answers with the request it received, so tests see how the query was read.");
		assertThat(listBooks.has("description")).as("a summary that says it all").isFalse();
		assertThat(operation("/v1/books:import", "post").path("summary").asText())
			.as("the first sentence").isEqualTo("Answers after the given time, or stops once the call is cancelled.");
		assertThat(streamBooks.path("summary").asText()).as("a sentence over two lines, on one")
			.isEqualTo("Streams count books of the shelf, then fails with fail_code unless it is 0; or, endless, "
					+ "one book every few milliseconds until the call is cancelled.");
		assertThat(streamBooks.has("description")).isFalse();
		assertThat(operation("/v1/shelves/{name.1}/books/{name.2}", "get").has("summary")).as("no comment").isFalse();
		assertThat(parameter(listBooks, "pageSize").path("description").asText()).as("a trailing comment")
			.isEqualTo("The most books to answer with.");
		assertThat(parameter(operation("/v1/pause/{millis}", "get"), "millis").path("description").asText())
			.isEqualTo("How long to wait, in milliseconds.");
		assertThat(schemas.at("/rpcstarter.test.v1.Book/description").asText()).isEqualTo("A book on a shelf.");
		assertThat(schemas.at("/rpcstarter.test.v1.Book/properties/name/description").asText())
			.isEqualTo("The book's resource name, shelves/{shelf}/books/{book}.");
		assertThat(schemas.at("/rpcstarter.test.v1.Genre/description").asText())
			.isEqualTo("What a book is about.\n\n- FICTION: Made up.");
	}

	@Test
	void theFieldsOfAOneofExcludeEachOther() {
		JsonNode archive = this.document.at("/components/schemas/rpcstarter.test.v1.ArchiveBookRequest");

		assertThat(archive.path("not")).isEqualTo(jsonOf("{\"anyOf\":[{\"required\":[\"at\",\"now\"]},"
				+ "{\"required\":[\"at\",\"afterEvent\"]},{\"required\":[\"now\",\"afterEvent\"]}]}"));
		assertThat(archive.path("description").asText()).as("proto3 optional's oneof is no oneof to the user")
			.isEqualTo("At most one of at, now, afterEvent is set (oneof when). When the book leaves the shelf.");
		assertThat(archive.at("/properties/at/description").asText()).isEmpty();
	}

	private JsonNode operation(String path, String method) {
		JsonNode operation = this.document.path("paths").path(path).path(method);
		assertThat(operation.isMissingNode()).as(method + " " + path + " in " + this.document.path("paths").properties())
			.isFalse();
		return operation;
	}

	private static JsonNode parameter(JsonNode operation, String name) {
		for (JsonNode parameter : operation.path("parameters")) {
			if (parameter.path("name").asText().equals(name)) {
				return parameter;
			}
		}
		throw new AssertionError("no parameter " + name);
	}

	private static List<String> names(JsonNode parameters) {
		List<String> names = new ArrayList<>();
		parameters.forEach((parameter) -> names.add(parameter.path("name").asText()));
		return names;
	}

	private static JsonNode jsonOf(String text) {
		try {
			return json.readTree(text);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
