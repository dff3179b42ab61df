package dev.rpcstarter.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers call from other origins: preflight requests are answered, and the protocol's
 * response headers are exposed to the page.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "rpc.http.cors.allowed-origins=https://app.example.com",
				"rpc.http.cors.exposed-headers=x-served-by" })
class CorsTests {

	private static final String PATH = "/rpcstarter.test.v1.TestService/Echo";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void preflightFromAllowedOriginIsAnsweredWithoutCallingTheService() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri())
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type,x-grpc-web,x-tenant")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
		assertThat(response.headers().firstValue("access-control-allow-methods")).hasValueSatisfying(
				(methods) -> assertThat(methods).contains("POST"));
		assertThat(response.headers().firstValue("access-control-allow-headers")).hasValueSatisfying(
				(headers) -> assertThat(headers).contains("x-grpc-web", "x-tenant"));
		assertThat(response.headers().firstValue("access-control-max-age")).hasValue("3600");
	}

	@Test
	void grpcWebCallFromAllowedOriginExposesProtocolHeaders() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri())
			.header("Origin", "https://app.example.com")
			.header("Content-Type", "application/grpc-web+proto")
			.POST(HttpRequest.BodyPublishers.ofByteArray(
					StreamingCall.envelopes(WireVariant.GRPC_WEB_PROTO, List.of(EchoRequest.getDefaultInstance())))));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
		assertThat(response.headers().allValues("access-control-expose-headers").toString()).contains("grpc-status",
				"grpc-message", "x-served-by");
	}

	@Test
	void restRouteAnswersPreflightForItsMethodAndExposesHeadersToTheCall() throws Exception {
		URI book = URI.create("http://localhost:" + this.port + "/v1/shelves/1/books/1");
		HttpResponse<String> preflight = send(HttpRequest.newBuilder(book)
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "DELETE")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
		HttpResponse<String> call = send(HttpRequest.newBuilder(book).header("Origin", "https://app.example.com").GET());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("access-control-allow-methods")).hasValueSatisfying(
				(methods) -> assertThat(methods).contains("DELETE"));
		assertThat(call.statusCode()).isEqualTo(200);
		assertThat(call.headers().firstValue("access-control-allow-origin")).hasValue("https://app.example.com");
		assertThat(call.headers().allValues("access-control-expose-headers").toString()).contains("x-served-by");
	}

	@Test
	void callFromOtherOriginIsForbidden() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri())
			.header("Origin", "https://evil.example.com")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
	}

	private URI uri() {
		return URI.create("http://localhost:" + this.port + PATH);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
