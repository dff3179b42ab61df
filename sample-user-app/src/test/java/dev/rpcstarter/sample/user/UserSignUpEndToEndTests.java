package dev.rpcstarter.sample.user;

import dev.rpcstarter.sample.email.EmailApplication;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.ListEmailsRequest;
import dev.rpcstarter.sample.testsupport.RunningApp;
import dev.rpcstarter.sample.user.v1.CreateUserRequest;
import dev.rpcstarter.sample.user.v1.User;
import dev.rpcstarter.sample.user.v1.UserServiceGrpc;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both sample apps in this JVM, on random ports, each with its own in-memory H2 database
 * (Spring Boot names each embedded database uniquely), the user app calling the email app as
 * configured by {@code rpc.client.email.address}.
 */
class UserSignUpEndToEndTests {

	@Test
	void createdUserFindsTheirWelcomeMailInTheEmailAppsOutbox() throws Exception {
		try (RunningApp emailApp = RunningApp.start(EmailApplication.builder());
				RunningApp userApp = RunningApp.start(UserApplication.builder(),
						"rpc.client.email.address=static://localhost:" + emailApp.grpcPort())) {
			User ada = UserServiceGrpc.newBlockingStub(userApp.grpcChannel())
				.createUser(CreateUserRequest.newBuilder().setName("Ada").setEmail("ada@example.com").build())
				.getUser();

			var outbox = EmailServiceGrpc.newBlockingStub(emailApp.grpcChannel())
				.listEmails(ListEmailsRequest.newBuilder().setTo("ada@example.com").build());

			assertThat(outbox).toIterable().singleElement().satisfies((mail) -> {
				assertThat(mail.getSubject()).isEqualTo("Welcome, Ada!");
				assertThat(mail.getBody()).contains(ada.getUserId());
			});
		}
	}

}
