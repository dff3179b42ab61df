package dev.rpcstarter.client.connect;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Starts the attempts of a unary call that is sent more than once, each a fresh
 * {@link HttpClientCall} to the server the channel's picker chooses then, and does on each what
 * the caller has done so far: its headers, the messages it asked for, its request, its
 * half-close. Attempts run in the caller's context, for its deadline and cancellation. Not
 * thread-safe: the call that holds it guards it.
 */
final class UnaryCallAttempts<ReqT, RespT> {

	private final ConnectChannel channel;

	private final MethodDescriptor<ReqT, RespT> method;

	private final CallOptions options;

	private final Context context = Context.current();

	private Metadata headers;

	private int requested;

	private ReqT request;

	private boolean halfClosed;

	UnaryCallAttempts(ConnectChannel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options) {
		this.channel = channel;
		this.method = method;
		this.options = options;
	}

	void start(Metadata headers) {
		this.headers = headers;
	}

	void request(int numMessages) {
		this.requested += numMessages;
	}

	void sendMessage(ReqT message) {
		this.request = message;
	}

	void halfClose() {
		this.halfClosed = true;
	}

	/**
	 * @param listener what hears the new attempt
	 * @return the attempt, started, with what the caller did so far done on it
	 */
	ClientCall<ReqT, RespT> startAttempt(ClientCall.Listener<RespT> listener) {
		ClientCall<ReqT, RespT> attempt;
		Context previous = this.context.attach();
		try {
			attempt = this.channel.newAttempt(this.method, this.options);
		}
		finally {
			this.context.detach(previous);
		}
		attempt.start(listener, this.headers);
		if (this.requested > 0) {
			attempt.request(this.requested);
		}
		if (this.request != null) {
			attempt.sendMessage(this.request);
		}
		if (this.halfClosed) {
			attempt.halfClose();
		}
		return attempt;
	}

}
