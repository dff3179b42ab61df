package dev.rpcstarter.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.rpcstarter.sample.testsupport.RunningApp;
import dev.rpcstarter.sample.user.UserApplication;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI, as springdoc serves it in the sample user app, renders the starter's OpenAPI
 * document in headless Chromium: the routes of user.proto with the summaries that its comments
 * gave them.
 */
class SwaggerUiInteropTests {

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
