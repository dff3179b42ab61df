package dev.rpcstarter.client.connect;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * A unary call of a {@link ConnectChannel} that is tried again, as its {@link RetryPolicy}
 * says, while it fails with a retryable status before any response message arrived.
 *
 * <p>Each attempt is a fresh {@link HttpClientCall}, so the channel's picker may send it to
 * another instance. Response headers are held back until the response message, since an
 * attempt that fails after its headers is still retried. The caller's deadline spans all
 * attempts: a pause that would outlast it ends the call with the last failure instead.
 */
final class RetryingUnaryCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {

	private final ConnectChannel channel;

	private final CallOptions options;

	private final RetryPolicy policy;

	private final UnaryCallAttempts<ReqT, RespT> attempts;

	private Listener<RespT> listener;

	/** Set when the outcome is the caller's: no retry after that. Guarded by this. */
	private boolean committed;

	private boolean cancelled;

	private int attemptCount;

	private ClientCall<ReqT, RespT> attempt;

	private DeadlineTimer.Timeout pause;

	RetryingUnaryCall(ConnectChannel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options,
			RetryPolicy policy) {
		this.channel = channel;
		this.options = options;
		this.policy = policy;
		this.attempts = new UnaryCallAttempts<>(channel, method, options);
	}

	@Override
	public synchronized void start(Listener<RespT> listener, Metadata headers) {
		this.listener = listener;
		this.attempts.start(headers);
		startAttempt();
	}

	@Override
	public synchronized void request(int numMessages) {
		this.attempts.request(numMessages);
		this.attempt.request(numMessages);
	}

	@Override
	public synchronized void sendMessage(ReqT message) {
		this.attempts.sendMessage(message);
		this.attempt.sendMessage(message);
	}

	@Override
	public synchronized void halfClose() {
		this.attempts.halfClose();
		this.attempt.halfClose();
	}

	@Override
	public void cancel(String message, Throwable cause) {
		ClientCall<ReqT, RespT> running;
		synchronized (this) {
			this.cancelled = true;
			running = this.attempt;
			if (this.pause != null && this.pause.cancel()) {
				// Between attempts: no attempt is left to report the cancellation.
				this.committed = true;
				Status status = Status.CANCELLED.withDescription(message).withCause(cause);
				this.channel.executorOf(this.options).execute(() -> this.listener.onClose(status, new Metadata()));
				return;
			}
		}
		if (running != null) {
			running.cancel(message, cause);
		}
	}

	@Override
	public synchronized boolean isReady() {
		return this.attempt.isReady();
	}

	/** Runs with the lock held. */
	private void startAttempt() {
		this.attemptCount++;
		this.pause = null;
		this.attempt = this.attempts.startAttempt(new AttemptListener());
	}

	/**
	 * @return whether a new attempt is scheduled for a call that failed with this status
	 */
	private synchronized boolean retryAfter(Status failure) {
		if (this.committed || this.cancelled || this.attemptCount >= this.policy.maxAttempts()
				|| !this.policy.retries(failure) || this.channel.isShutdown()) {
			return false;
		}
		Duration backoff = this.policy.backoff(this.attemptCount);
		Deadline deadline = this.options.getDeadline();
		if (deadline != null && deadline.timeRemaining(TimeUnit.NANOSECONDS) <= backoff.toNanos()) {
			return false;
		}
		try {
			this.pause = this.channel.deadlines().schedule(this::retry, backoff.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The channel shut down and terminated since the check above.
			return false;
		}
		return true;
	}

	private synchronized void retry() {
		if (!this.cancelled) {
			startAttempt();
		}
	}

	private synchronized void commit() {
		this.committed = true;
	}

	/** Hears one attempt; callbacks come one at a time, as the attempt delivers them. */
	private final class AttemptListener extends Listener<RespT> {

		private Metadata headers;

		@Override
		public void onHeaders(Metadata headers) {
			this.headers = headers;
		}

		@Override
		public void onMessage(RespT message) {
			commit();
			deliverHeaders();
			RetryingUnaryCall.this.listener.onMessage(message);
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			if (!status.isOk() && retryAfter(status)) {
				return;
			}
			commit();
			deliverHeaders();
			RetryingUnaryCall.this.listener.onClose(status, trailers);
		}

		@Override
		public void onReady() {
			RetryingUnaryCall.this.listener.onReady();
		}

		private void deliverHeaders() {
			if (this.headers != null) {
				RetryingUnaryCall.this.listener.onHeaders(this.headers);
				this.headers = null;
			}
		}

	}

}
