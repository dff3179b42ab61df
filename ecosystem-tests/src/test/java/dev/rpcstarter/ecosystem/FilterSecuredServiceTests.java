package dev.rpcstarter.ecosystem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service secured by the servlet filters alone sees its caller however its request arrives:
 * also when its message arrives after the request was served, and the bridge delivers it on
 * another of Tomcat's threads than the one the filters ran on.
 */
@SpringBootTest(classes = FilterSecuredApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "grpc.server.port=0")
class FilterSecuredServiceTests {

	private static final String SEND_EMAIL = "/sample.email.v1.EmailService/SendEmail";

	private static final String LIST_EMAILS = "/sample.email.v1.EmailService/ListEmails";

	private static final byte[] REQUEST = "{\"to\":\"ada@example.com\"}".getBytes(StandardCharsets.UTF_8);

	@LocalServerPort
	private int port;

	@Test
	void unaryCallWhoseBodyArrivesLateSeesTheCaller() throws Exception {
		String response = sendInTwoParts(SEND_EMAIL, "application/json", "sender", REQUEST);

		assertThat(response).startsWith("HTTP/1.1 200").contains("sent by sender");
	}

	@Test
	void streamWhoseMessageArrivesLateSeesTheCaller() throws Exception {
		ByteArrayOutputStream envelope = new ByteArrayOutputStream();
		envelope.write(new byte[] { 0, 0, 0, 0, (byte) REQUEST.length });
		envelope.write(REQUEST);

		String response = sendInTwoParts(LIST_EMAILS, "application/connect+json", "reader", envelope.toByteArray());

		assertThat(response).startsWith("HTTP/1.1 200").contains("read by reader");
	}

	@Test
	void callWithoutCredentialsIsRefusedByTheFilters() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + SEND_EMAIL))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(REQUEST))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Basic"));
	}

	/**
	 * Sends a request over HTTP/1.1 with its headers and the first byte of its body, the rest
	 * of the body a moment later, once the request thread has left; reads the whole response.
	 */
	private String sendInTwoParts(String path, String contentType, String user, byte[] body) throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + "Content-Type: "
					+ contentType + "\r\nContent-Length: " + body.length + "\r\nAuthorization: "
					+ BasicCredentials.header(user, EcosystemApplication.PASSWORD) + "\r\n\r\n";
			out.write(head.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, 1);
			out.flush();
			Thread.sleep(300);
			out.write(body, 1, body.length - 1);
			out.flush();
			return readAll(socket);
		}
	}

	private static String readAll(Socket socket) throws IOException {
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}
