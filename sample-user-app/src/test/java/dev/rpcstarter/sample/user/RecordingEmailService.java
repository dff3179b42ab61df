package dev.rpcstarter.sample.user;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.rpcstarter.sample.email.v1.Email;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.email.v1.SendEmailResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * A stand-in EmailService that records what it is asked to send, or fails when told to.
 */
class RecordingEmailService extends EmailServiceGrpc.EmailServiceImplBase {

	private final List<SendEmailRequest> sent = new CopyOnWriteArrayList<>();

	private volatile Status failure;

	@Override
	public void sendEmail(SendEmailRequest request, StreamObserver<SendEmailResponse> responseObserver) {
		if (this.failure != null) {
			responseObserver.onError(this.failure.asRuntimeException());
			return;
		}
		this.sent.add(request);
		responseObserver.onNext(SendEmailResponse.newBuilder()
			.setEmail(Email.newBuilder().setTo(request.getTo()).setSubject(request.getSubject()))
			.build());
		responseObserver.onCompleted();
	}

	List<SendEmailRequest> sentTo(String to) {
		return this.sent.stream().filter((mail) -> mail.getTo().equals(to)).toList();
	}

	/**
	 * Makes every following SendEmail fail with {@code status}, or succeed again when null.
	 */
	void failWith(Status status) {
		this.failure = status;
	}

}
