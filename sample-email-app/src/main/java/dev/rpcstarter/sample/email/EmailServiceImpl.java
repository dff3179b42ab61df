package dev.rpcstarter.sample.email;

import dev.rpcstarter.RpcService;
import dev.rpcstarter.sample.email.v1.Email;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.ListEmailsRequest;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.email.v1.SendEmailResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Sends mail by recording it in the {@link Outbox}; a real app would hand it to an SMTP
 * server here as well.
 */
@RpcService
class EmailServiceImpl extends EmailServiceGrpc.EmailServiceImplBase {

	private final Outbox outbox;

	EmailServiceImpl(Outbox outbox) {
		this.outbox = outbox;
	}

	@Override
	public void sendEmail(SendEmailRequest request, StreamObserver<SendEmailResponse> responseObserver) {
		String to = request.getTo().strip();
		if (to.isEmpty()) {
			responseObserver.onError(invalidArgument("to must not be empty: set it to the recipient's address"));
			return;
		}
		if (!to.contains("@")) {
			responseObserver.onError(invalidArgument("to must be an email address, but was '" + to + "'"));
			return;
		}
		Email email = this.outbox.record(to, request.getSubject(), request.getBody());
		responseObserver.onNext(SendEmailResponse.newBuilder().setEmail(email).build());
		responseObserver.onCompleted();
	}

	@Override
	public void listEmails(ListEmailsRequest request, StreamObserver<Email> responseObserver) {
		this.outbox.forEach(request.getTo().strip(), responseObserver::onNext);
		responseObserver.onCompleted();
	}

	private static RuntimeException invalidArgument(String description) {
		return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
	}

}
