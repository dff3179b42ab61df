package dev.rpcstarter.interop;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document of the interop service's REST routes passes swagger-parser's
 * validation (the OpenAPI 3.1 schema, and every {@code $ref} resolved), a call that curl
 * makes from its path and parameter names is read as the document says, and the comments of
 * interop.proto, from the descriptor set the build writes, are its descriptions.
 */
class OpenApiInteropTests extends InteropServer {

	private static final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int webPort;

	@Test
	void theDocumentIsValidOpenApi31() throws Exception {
		NodeClient.Result result = NodeClient.run("validate-openapi.mjs", documentUrl());

		assertThat(result.json().path("errors")).as("validation errors").isEmpty();
		assertThat(result.exitCode()).isZero();
		assertThat(result.json().path("openapi").asText()).isEqualTo("3.1.0");
		assertThat(texts(result.json().path("paths"))).contains("/v1/echo", "/v1/lookup/{text}", "/v1/count/{count}",
				"/v1/join", "/v1/chat", "/v1/kinds/{name.1}", "/v1/kinds/{name.1}/parts/{part.name}", "/v1/files/{name}");
	}

	@Test
	void curlCallsARouteWithTheDocumentsNames() throws Exception {
		JsonNode document = json.readTree(CommandLine.run(List.of("curl", "-sS", documentUrl())));
		JsonNode mirror = document.at("/paths/~1v1~1kinds~1{name.1}/get");
		List<String> names = new ArrayList<>();
		mirror.path("parameters").forEach((parameter) -> names.add(parameter.path("name").asText()));
		assertThat(names).contains("name.1", "big", "color", "tags", "counts", "part.size", "at", "maybe");
		assertThat(names).as("a message inside itself is not reached into").noneMatch((name) -> name.startsWith("parent."));

		String answer = CommandLine.run(List.of("curl", "-sS", "-g", "http://127.0.0.1:" + this.webPort
				+ "/v1/kinds/k1?big=9007199254740993&color=RED&tags=a&tags=b&counts%5Bx%5D=2&part.size=5"
				+ "&at=2026-12-05T10:00:00Z&maybe=7"));

		assertThat(json.readTree(answer)).isEqualTo(json.readTree("{\"name\":\"kinds/k1\",\"big\":\"9007199254740993\","
				+ "\"color\":\"RED\",\"tags\":[\"a\",\"b\"],\"counts\":{\"x\":2},\"part\":{\"size\":5},"
				+ "\"at\":\"2026-12-05T10:00:00Z\",\"maybe\":\"7\"}"));
	}

	@Test
	void routesOfOneShapeAreOnePathThatCurlCallsByTheDocumentsName() throws Exception {
		JsonNode document = json.readTree(CommandLine.run(List.of("curl", "-sS", documentUrl())));
		JsonNode kinds = document.at("/paths/~1v1~1kinds~1{name.1}");

		assertThat(document.path("paths").has("/v1/kinds/{part.name}")).isFalse();
		assertThat(kinds.at("/delete/parameters/0/name").asText()).isEqualTo("name.1");
		String answer = CommandLine.run(List.of("curl", "-sS", "-X", "DELETE",
				"http://127.0.0.1:" + this.webPort + "/v1/kinds/p1"));

		assertThat(json.readTree(answer).at("/part/name").asText()).isEqualTo("p1");
	}

	@Test
	void theProtoFilesCommentsAreItsDescriptions() throws Exception {
		JsonNode document = json.readTree(CommandLine.run(List.of("curl", "-sS", documentUrl())));
		JsonNode kinds = document.at("/components/schemas/rpcstarter.interop.v1.Kinds");

		assertThat(document.at("/paths/~1v1~1kinds~1{name.1}/get/summary").asText())
			.isEqualTo("Answers with the request: a message of every kind of field, whose REST routes give the "
					+ "OpenAPI document every kind of schema and parameter.");
		assertThat(kinds.path("description").asText()).isEqualTo("A message with a field of every kind.\n\n"
				+ "At most one of text, number is set (oneof choice). Text or a number.");
		assertThat(kinds.at("/properties/big/description").asText())
			.isEqualTo("Beyond what a JavaScript number holds exactly.");
		assertThat(kinds.at("/not/anyOf/0/required")).hasSize(2);
		assertThat(document.at("/components/schemas/rpcstarter.interop.v1.Kinds.Color/description").asText())
			.isEqualTo("- RED: The only color there is.");
	}

	private String documentUrl() {
		return "http://127.0.0.1:" + this.webPort + "/rpc/openapi.json";
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((node) -> texts.add(node.asText()));
		return texts;
	}

}
