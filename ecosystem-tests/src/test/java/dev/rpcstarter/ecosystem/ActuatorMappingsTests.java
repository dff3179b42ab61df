package dev.rpcstarter.ecosystem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator's {@code mappings} endpoint, read over HTTP, lists the served methods under
 * {@code rpc} beside Spring MVC's own mappings, which do not show them.
 */
@TestPropertySource(properties = "management.endpoints.web.exposure.include=mappings")
class ActuatorMappingsTests extends EcosystemServer {

	@Test
	void theMappingsEndpointListsEveryServedMethodWithItsPath() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.webPort + "/actuator/mappings")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode mappings = new ObjectMapper().readTree(response.body()).path("contexts").elements().next()
			.path("mappings");
		assertThat(mappings.has("dispatcherServlets")).as("Spring MVC's own, beside").isTrue();
		JsonNode email = null;
		for (JsonNode service : mappings.path("rpc")) {
			if (service.path("service").asText().equals("sample.email.v1.EmailService")) {
				email = service;
			}
		}
		assertThat(email).as("the email service in %s", mappings.path("rpc")).isNotNull();
		JsonNode sendEmail = email.path("methods").get(0);
		assertThat(sendEmail.path("method").asText()).isEqualTo("SendEmail");
		assertThat(sendEmail.path("type").asText()).isEqualTo("UNARY");
		assertThat(sendEmail.path("path").asText()).isEqualTo("/sample.email.v1.EmailService/SendEmail");
		assertThat(sendEmail.path("restRoutes").isArray()).isTrue();
	}

}
