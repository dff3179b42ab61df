package dev.rpcstarter.client.connect;

import java.util.List;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * A call of a {@link ConnectChannel} that may be sent more than once, as an
 * {@link AttemptPolicy} says. Each attempt is a fresh {@link HttpClientCall}, so the channel's
 * picker may send it to another instance, and gets what the caller has done so far: its
 * headers (with {@code grpc-previous-rpc-attempts} after the first, as gRFC A6 has it), the
 * messages it asked for, the messages it sent ({@link RequestReplay}), its half-close. Attempts
 * run in the caller's context, for its deadline and cancellation. The caller hears one attempt:
 * the one whose outcome is the call's, decided by the attempt's first response message or its
 * end.
 */
abstract class RepeatedCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

	/** gRFC A6: each attempt after the first tells the server how many went before it. */
	private static final Metadata.Key<String> PREVIOUS_ATTEMPTS = Metadata.Key.of("grpc-previous-rpc-attempts",
			Metadata.ASCII_STRING_MARSHALLER);

	final ConnectChannel channel;

	final CallOptions options;

	private final MethodDescriptor<ReqT, RespT> method;

	private final Context context = Context.current();

	/** The caller's listener, set before any attempt starts. */
	Listener<RespT> listener;

	/** What the caller has done so far. Guarded by this. */
	private Metadata headers;

	private int requested;

	private final RequestReplay<ReqT> requests;

	private boolean halfClosed;

	private int attemptsStarted;

	RepeatedCall(ConnectChannel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options) {
		this.channel = channel;
		this.method = method;
		this.options = options;
		this.requests = new RequestReplay<>(channel.replayBudget(), !method.getType().clientSendsOneMessage());
	}

	/** Runs with the lock held: sends the call's first attempt. */
	abstract void startFirstAttempt();

	/**
	 * Runs with the lock held.
	 * @return the attempts sent that have not ended yet
	 */
	abstract List<ClientCall<ReqT, RespT>> liveAttempts();

	@Override
	public final synchronized void start(Listener<RespT> listener, Metadata headers) {
		this.listener = listener;
		this.headers = headers;
		startFirstAttempt();
	}

	@Override
	public final synchronized void request(int numMessages) {
		// Saturates: a long server stream asks for messages for as long as it lasts.
		this.requested = (int) Math.min((long) this.requested + numMessages, Integer.MAX_VALUE);
		liveAttempts().forEach((attempt) -> attempt.request(numMessages));
	}

	@Override
	public final synchronized void sendMessage(ReqT message) {
		this.requests.add(message);
		liveAttempts().forEach((attempt) -> attempt.sendMessage(message));
	}

	@Override
	public final synchronized void halfClose() {
		this.halfClosed = true;
		liveAttempts().forEach(ClientCall::halfClose);
	}

	@Override
	public synchronized boolean isReady() {
		return liveAttempts().stream().anyMatch(ClientCall::isReady);
	}

	/**
	 * Runs with the lock held.
	 * @return whether another attempt can be started: every message the caller sent is kept
	 */
	final boolean mayStartAnotherAttempt() {
		return this.requests.isWhole();
	}

	/** Runs with the lock held: the call is committed to an attempt, its messages are not needed. */
	final void forgetRequests() {
		this.requests.release();
	}

	/**
	 * Runs with the lock held.
	 * @param options the call's options, or those of an attempt that differs from the others
	 * @param attemptListener what hears the new attempt
	 * @return the attempt, started, with what the caller did so far done on it
	 */
	final ClientCall<ReqT, RespT> startAttempt(CallOptions options, AttemptListener attemptListener) {
		ClientCall<ReqT, RespT> attempt;
		Context previous = this.context.attach();
		try {
			attempt = this.channel.newAttempt(this.method, options);
		}
		finally {
			this.context.detach(previous);
		}
		attempt.start(attemptListener, headersOfAttempt(this.attemptsStarted++));
		if (this.requested > 0) {
			attempt.request(this.requested);
		}
		this.requests.messages().forEach(attempt::sendMessage);
		if (this.halfClosed) {
			attempt.halfClose();
		}
		return attempt;
	}

	private Metadata headersOfAttempt(int previousAttempts) {
		if (previousAttempts == 0) {
			return this.headers;
		}
		Metadata headers = new Metadata();
		headers.merge(this.headers);
		headers.put(PREVIOUS_ATTEMPTS, Integer.toString(previousAttempts));
		return headers;
	}

	/**
	 * Hears one attempt, whose callbacks come one at a time. Its response headers are held
	 * back until the attempt's outcome is known to be the call's: an attempt may still fail,
	 * or lose to another, after its headers.
	 */
	abstract class AttemptListener extends Listener<RespT> {

		private Metadata heldHeaders;

		@Override
		public final void onHeaders(Metadata headers) {
			this.heldHeaders = headers;
		}

		/** Tells the caller the attempt's headers, once its outcome is the call's. */
		final void deliverHeaders() {
			if (this.heldHeaders != null) {
				RepeatedCall.this.listener.onHeaders(this.heldHeaders);
				this.heldHeaders = null;
			}
		}

	}

}
