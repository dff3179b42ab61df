package dev.rpcstarter.sample.email;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EmailService over the Connect protocol with JSON on the web port, as {@code curl} calls it
 * in the README. Needs the server bridge (RpcServerAutoConfiguration).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + EmailApplication.CONFIG_NAME, "grpc.server.port=0" })
class EmailServiceConnectTests {

	@LocalServerPort
	private int webPort;

	@Test
	void sendEmailOverConnectJsonAnswersTheMailInProto3Json() {
		ResponseEntity<String> response = sendEmail("{\"to\":\"ada@example.com\",\"subject\":\"Hi\"}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(response.getBody()).contains("\"to\":\"ada@example.com\"", "\"emailId\":\"", "\"sentAt\":\"");
	}

	@Test
	void sendEmailOverConnectWithEmptyToAnswers400WithInvalidArgumentErrorJson() {
		ResponseEntity<String> response = sendEmail("{\"to\":\"\"}");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).contains("\"code\":\"invalid_argument\"", "to must not be empty");
	}

	private ResponseEntity<String> sendEmail(String json) {
		return RestClient.create("http://localhost:" + this.webPort)
			.post()
			.uri("/sample.email.v1.EmailService/SendEmail")
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.body(new String(response.getBody().readAllBytes())), true);
	}

}
