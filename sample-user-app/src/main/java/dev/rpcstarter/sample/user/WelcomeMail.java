package dev.rpcstarter.sample.user;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc.EmailServiceBlockingStub;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.user.v1.User;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import org.springframework.stereotype.Component;

/**
 * Sends a new user their welcome mail through the email app ({@code rpc.client.email.*}).
 */
@Component
class WelcomeMail {

	private final EmailServiceBlockingStub email;

	WelcomeMail(@RpcClient("email") EmailServiceBlockingStub email) {
		this.email = email;
	}

	/**
	 * Sends the welcome mail.
	 * @throws StatusRuntimeException with {@code UNAVAILABLE} when the email app fails: its own
	 * status would mislead our caller (an {@code INVALID_ARGUMENT} from it is not the caller's
	 * fault), so it goes into the description instead
	 */
	void send(User user) {
		SendEmailRequest mail = SendEmailRequest.newBuilder()
			.setTo(user.getEmail())
			.setSubject("Welcome, " + user.getName() + "!")
			.setBody("Hello " + user.getName() + ",\n\nyour account is ready. Your user id is " + user.getUserId() + ".\n")
			.build();
		try {
			this.email.sendEmail(mail);
		}
		catch (StatusRuntimeException ex) {
			throw Status.UNAVAILABLE
				.withDescription("The welcome mail could not be sent (EmailService: " + ex.getStatus().getCode() + " "
						+ ex.getStatus().getDescription() + "), so the user was not created; try again later")
				.withCause(ex)
				.asRuntimeException();
		}
	}

}
