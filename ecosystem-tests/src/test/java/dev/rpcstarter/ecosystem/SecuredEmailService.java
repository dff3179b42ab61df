package dev.rpcstarter.ecosystem;

import dev.rpcstarter.RpcService;
import dev.rpcstarter.sample.email.v1.Email;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.ListEmailsRequest;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.email.v1.SendEmailResponse;
import io.grpc.stub.StreamObserver;

import org.springframework.security.access.annotation.Secured;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Sending takes the sender role, reading the reader role; each answer names the user the
 * service saw, to prove the caller's identity reached the service. A mail without a recipient
 * is refused with an exception that {@link ValidationAdvice} turns into a status.
 */
@RpcService
public class SecuredEmailService extends EmailServiceGrpc.EmailServiceImplBase {

	@Override
	@Secured("ROLE_SENDER")
	public void sendEmail(SendEmailRequest request, StreamObserver<SendEmailResponse> response) {
		if (request.getTo().isEmpty()) {
			throw new IllegalArgumentException("to must not be empty");
		}
		response.onNext(SendEmailResponse.newBuilder()
			.setEmail(Email.newBuilder().setTo(request.getTo()).setSubject("sent by " + caller()))
			.build());
		response.onCompleted();
	}

	@Override
	@Secured("ROLE_READER")
	public void listEmails(ListEmailsRequest request, StreamObserver<Email> response) {
		response.onNext(Email.newBuilder().setTo(request.getTo()).setSubject("read by " + caller()).build());
		response.onCompleted();
	}

	private static String caller() {
		return SecurityContextHolder.getContext().getAuthentication().getName();
	}

}
