package dev.rpcstarter.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rpcstarter.sample.email.EmailApplication;
import dev.rpcstarter.sample.testsupport.RunningApp;
import dev.rpcstarter.sample.user.UserApplication;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI, as springdoc serves it in the sample user app, renders the starter's OpenAPI
 * document in headless Chromium: the routes of user.proto with the summaries that its comments
 * gave them; and its "Try it out", driven by Playwright, calls them as the document describes
 * them, path parameters, bodies and errors included.
 */
class SwaggerUiInteropTests {

	private static final ObjectMapper json = new ObjectMapper();

	@Test
	void tryItOutCallsTheRoutesAsTheDocumentDescribesThem() throws Exception {
		try (RunningApp emailApp = RunningApp.start(EmailApplication.builder());
				RunningApp userApp = RunningApp.start(UserApplication.builder(),
						"rpc.client.email.address=static://localhost:" + emailApp.grpcPort())) {
			NodeClient.Result result = NodeClient.run("swagger-ui-try-it-out.mjs",
					"http://127.0.0.1:" + userApp.webPort());
			assertThat(result.exitCode()).as(result.json().toString()).isZero();
			JsonNode created = result.json().get("created");
			JsonNode found = result.json().get("found");
			JsonNode missing = result.json().get("missing");

			assertThat(created.get("method").asText()).isEqualTo("POST");
			assertThat(created.get("status").asInt()).isEqualTo(200);
			JsonNode user = json.readTree(created.get("body").asText());
			assertThat(user.get("name").asText()).isEqualTo("Ada Lovelace");
			assertThat(found.get("url").asText()).endsWith("/v1/users/" + user.get("userId").asText());
			assertThat(found.get("status").asInt()).isEqualTo(200);
			assertThat(json.readTree(found.get("body").asText())).isEqualTo(user);
			assertThat(missing.get("url").asText()).endsWith("/v1/users/no%20such%20user");
			assertThat(missing.get("status").asInt()).isEqualTo(404);
			assertThat(json.readTree(missing.get("body").asText()).get("code").asInt()).isEqualTo(5);
			assertThat(missing.get("shown").asText()).isEqualTo("404");
		}
	}

	@Test
	void swaggerUiShowsTheRoutesWithTheirComments() throws Exception {
		Path profile = Files.createTempDirectory("chromium");
		try (RunningApp userApp = RunningApp.start(UserApplication.builder(),
				"rpc.client.email.address=static://localhost:1")) {
			// --dump-dom prints the page once it is idle: after Swagger UI has fetched and drawn
			// the document.
			String page = CommandLine.run(List.of("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
					"--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
					"--virtual-time-budget=15000", "--dump-dom",
					"http://127.0.0.1:" + userApp.webPort() + "/swagger-ui/index.html"));

			assertThat(page).contains("sample.user.v1.UserService", "/v1/users/{user_id}",
					"Creates a user, stores it and sends the welcome mail.",
					"Returns one user by id; NOT_FOUND when there is none.");
		}
		finally {
			FileSystemUtils.deleteRecursively(profile);
		}
	}

}
