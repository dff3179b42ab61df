package dev.rpcstarter.ecosystem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;

import dev.rpcstarter.sample.email.v1.Email;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.ListEmailsRequest;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.email.v1.SendEmailResponse;
import io.grpc.CallCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * net.devh's security interceptors and Spring Security's {@code @Secured} decide the same way
 * on the gRPC port and on every protocol of the web port: the caller's identity reaches the
 * service, missing or wrong credentials are {@code UNAUTHENTICATED}, a missing role is
 * {@code PERMISSION_DENIED}.
 */
class SecuredServiceTests extends EcosystemServer {

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serviceSeesTheAuthenticatedCaller(Transport transport) {
		assertThat(send(transport, BasicCredentials.of("sender", EcosystemApplication.PASSWORD)).getEmail().getSubject())
			.isEqualTo("sent by sender");
		assertThat(list(transport, BasicCredentials.of("reader", EcosystemApplication.PASSWORD)).getSubject())
			.isEqualTo("read by reader");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void missingOrWrongCredentialsAreUnauthenticated(Transport transport) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> send(transport, null))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> list(transport, BasicCredentials.of("reader", "wrong")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void callerWithoutTheRoleIsPermissionDenied(Transport transport) {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> send(transport, BasicCredentials.of("reader", EcosystemApplication.PASSWORD)))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> list(transport, BasicCredentials.of("sender", EcosystemApplication.PASSWORD)))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	@Test
	void plainHttpCallerGetsTheHttpStatusOfTheCode() throws Exception {
		HttpResponse<String> anonymous = postSendEmail(null);
		HttpResponse<String> reader = postSendEmail(BasicCredentials.header("reader", EcosystemApplication.PASSWORD));
		HttpResponse<String> sender = postSendEmail(BasicCredentials.header("sender", EcosystemApplication.PASSWORD));

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).contains("\"code\":\"unauthenticated\"");
		assertThat(reader.statusCode()).isEqualTo(403);
		assertThat(reader.body()).contains("\"code\":\"permission_denied\"");
		assertThat(sender.statusCode()).isEqualTo(200);
		assertThat(sender.body()).contains("sent by sender");
	}

	@Test
	void serviceSeesTheCallerOfABodyThatArrivesAfterItsRequestWasServed() throws Exception {
		// Past the 8 KiB Tomcat reads with the headers: the service runs when the rest has
		// arrived, on another thread than the request's, where the interceptors set the caller.
		String body = "{\"to\":\"ada@example.com\",\"body\":\"" + "x".repeat(20_000) + "\"}";
		HttpResponse<String> sender = postSendEmail(BasicCredentials.header("sender", EcosystemApplication.PASSWORD),
				body);

		assertThat(sender.statusCode()).isEqualTo(200);
		assertThat(sender.body()).contains("sent by sender");
	}

	private Email list(Transport transport, CallCredentials credentials) {
		Iterator<Email> emails = emailStub(transport, credentials)
			.listEmails(ListEmailsRequest.newBuilder().setTo("ada@example.com").build());
		return emails.next();
	}

	private SendEmailResponse send(Transport transport, CallCredentials credentials) {
		return emailStub(transport, credentials).sendEmail(SendEmailRequest.newBuilder().setTo("ada@example.com").build());
	}

	private HttpResponse<String> postSendEmail(String authorization) throws Exception {
		return postSendEmail(authorization, "{\"to\":\"ada@example.com\"}");
	}

	private HttpResponse<String> postSendEmail(String authorization, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.webPort + "/sample.email.v1.EmailService/SendEmail"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
