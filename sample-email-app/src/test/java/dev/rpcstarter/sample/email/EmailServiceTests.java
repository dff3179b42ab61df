package dev.rpcstarter.sample.email;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.google.common.collect.ImmutableList;
import dev.rpcstarter.sample.email.v1.Email;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc.EmailServiceBlockingStub;
import dev.rpcstarter.sample.email.v1.ListEmailsRequest;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.testsupport.GrpcServerPort;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * EmailService on a real gRPC server, called through a real channel. The outbox is shared by
 * the tests, so each test sends to its own recipient.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + EmailApplication.CONFIG_NAME, "grpc.server.port=0" })
@Import(GrpcServerPort.class)
class EmailServiceTests {

	@Autowired
	private GrpcServerPort grpcPort;

	private ManagedChannel channel;

	private EmailServiceBlockingStub email;

	@BeforeEach
	void connect() {
		this.channel = ManagedChannelBuilder.forAddress("localhost", this.grpcPort.get()).usePlaintext().build();
		this.email = EmailServiceGrpc.newBlockingStub(this.channel);
	}

	@AfterEach
	void disconnect() {
		this.channel.shutdownNow();
	}

	@Test
	void sendEmailReturnsTheMailWithANewIdAndTheTimeItWasSent() {
		Instant before = Instant.now();
		Email sent = send(newRecipient(), "Hello", "Hi there");
		Instant after = Instant.now();

		assertThat(sent.getEmailId()).isNotBlank();
		assertThat(sent.getSubject()).isEqualTo("Hello");
		assertThat(sent.getBody()).isEqualTo("Hi there");
		Instant sentAt = Instant.ofEpochSecond(sent.getSentAt().getSeconds(), sent.getSentAt().getNanos());
		assertThat(sentAt).isBetween(before.minusMillis(1), after);
	}

	@Test
	void sendEmailTwiceGivesTwoDifferentIds() {
		String to = newRecipient();
		assertThat(send(to, "1", "").getEmailId()).isNotEqualTo(send(to, "2", "").getEmailId());
	}

	@Test
	void sendEmailWithEmptyToFailsWithInvalidArgumentNamingTheField() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> this.email.sendEmail(SendEmailRequest.newBuilder().setTo(" ").setSubject("s").build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(ex.getStatus().getDescription()).startsWith("to must not be empty");
			});
	}

	@Test
	void sendEmailToSomethingThatIsNotAnAddressFailsWithInvalidArgument() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> this.email.sendEmail(SendEmailRequest.newBuilder().setTo("ada").build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
	}

	@Test
	void listEmailsForOneRecipientStreamsExactlyTheirMailOldestFirst() {
		String ada = newRecipient();
		Email first = send(ada, "first", "");
		send(newRecipient(), "someone else's", "");
		Email second = send(ada, "second", "");

		assertThat(list(ada)).containsExactly(first, second);
	}

	@Test
	void listEmailsWithoutRecipientStreamsEveryMailOldestFirst() {
		Email first = send(newRecipient(), "first", "");
		Email second = send(newRecipient(), "second", "");

		assertThat(list("")).containsSubsequence(first, second);
	}

	@Test
	void listEmailsForRecipientWithoutMailStreamsNothing() {
		assertThat(list(newRecipient())).isEmpty();
	}

	private Email send(String to, String subject, String body) {
		return this.email.sendEmail(SendEmailRequest.newBuilder().setTo(to).setSubject(subject).setBody(body).build())
			.getEmail();
	}

	private List<Email> list(String to) {
		return ImmutableList.copyOf(this.email.listEmails(ListEmailsRequest.newBuilder().setTo(to).build()));
	}

	private static String newRecipient() {
		return UUID.randomUUID() + "@example.com";
	}

}
