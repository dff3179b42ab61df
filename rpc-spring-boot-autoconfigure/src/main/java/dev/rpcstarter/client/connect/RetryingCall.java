package dev.rpcstarter.client.connect;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * A call of a {@link ConnectChannel} that is tried again, as its {@link RetryPolicy} says, while
 * it fails with a retryable status before any response message arrived; an attempt that fails
 * after its headers is still retried, one that fails after a message is not, nor one whose
 * caller sent more messages than the call can keep ({@link RequestReplay}). The caller's
 * deadline spans all attempts: a pause that would outlast it ends the call with the last
 * failure instead. A server's pushback ({@link ServerPushback}) replaces the pause or stops
 * retries, and the channel's {@link RetryThrottling} may stop retries while its calls keep
 * failing.
 */
final class RetryingCall<ReqT, RespT> extends RepeatedCall<ReqT, RespT> {

	private final RetryPolicy policy;

	/** Set when the outcome is the caller's: no retry after that. Guarded by this. */
	private boolean committed;

	private boolean cancelled;

	private int attemptCount;

	/** Retries since the first or since the last server pushback, which restarts the backoff. */
	private int backoffRound;

	private ClientCall<ReqT, RespT> attempt;

	private DeadlineTimer.Timeout pause;

	/** The failure that the pause before the next attempt follows, the call's if none is sent. */
	private Status pausedFailure;

	private Metadata pausedFailureTrailers;

	RetryingCall(ConnectChannel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options,
			RetryPolicy policy) {
		super(channel, method, options);
		this.policy = policy;
	}

	@Override
	void startFirstAttempt() {
		sendAttempt();
	}

	@Override
	List<ClientCall<ReqT, RespT>> liveAttempts() {
		return List.of(this.attempt);
	}

	@Override
	public void cancel(String message, Throwable cause) {
		ClientCall<ReqT, RespT> running;
		synchronized (this) {
			this.cancelled = true;
			running = this.attempt;
			if (this.pause != null && this.pause.cancel()) {
				// Between attempts: no attempt is left to report the cancellation.
				commit();
				Status status = Status.CANCELLED.withDescription(message).withCause(cause);
				this.channel.executorOf(this.options).execute(() -> this.listener.onClose(status, new Metadata()));
				return;
			}
		}
		if (running != null) {
			running.cancel(message, cause);
		}
	}

	/** Runs with the lock held. */
	private void sendAttempt() {
		this.attemptCount++;
		this.pause = null;
		this.attempt = startAttempt(this.options, new RetriedAttemptListener());
	}

	/**
	 * @param failure how the attempt failed
	 * @param trailers its trailers, with what its server said about sending the call again
	 * @return whether a new attempt is scheduled
	 */
	private synchronized boolean retryAfter(Status failure, Metadata trailers) {
		ServerPushback pushback = ServerPushback.in(trailers);
		if (this.committed || this.cancelled || !this.policy.retries(failure)) {
			return false;
		}
		RetryTokens tokens = this.channel.retryTokens();
		tokens.failed();
		if (this.attemptCount >= this.policy.maxAttempts() || pushback.refuses() || !tokens.allowMore()
				|| this.channel.isShutdown() || !mayStartAnotherAttempt()) {
			return false;
		}
		Duration backoff;
		if (pushback.delay() != null) {
			backoff = pushback.delay();
			this.backoffRound = 0;
		}
		else {
			backoff = this.policy.backoff(++this.backoffRound);
		}
		Deadline deadline = this.options.getDeadline();
		if (deadline != null && deadline.timeRemaining(TimeUnit.NANOSECONDS) <= backoff.toNanos()) {
			return false;
		}
		try {
			this.pause = this.channel.deadlines().schedule(this::retry, backoff.toNanos(), TimeUnit.NANOSECONDS);
			this.pausedFailure = failure;
			this.pausedFailureTrailers = trailers;
		}
		catch (RejectedExecutionException ex) {
			// The channel shut down and terminated since the check above.
			return false;
		}
		return true;
	}

	/**
	 * Sends the next attempt after the pause, unless the caller sent more messages meanwhile
	 * than the call can keep: the failure before the pause is then the call's.
	 */
	private void retry() {
		synchronized (this) {
			if (this.cancelled) {
				return;
			}
			if (mayStartAnotherAttempt()) {
				sendAttempt();
				return;
			}
			commit();
		}
		this.channel.executorOf(this.options)
			.execute(() -> this.listener.onClose(this.pausedFailure, this.pausedFailureTrailers));
	}

	private synchronized void commit() {
		this.committed = true;
		forgetRequests();
	}

	private final class RetriedAttemptListener extends AttemptListener {

		@Override
		public void onMessage(RespT message) {
			commit();
			deliverHeaders();
			RetryingCall.this.listener.onMessage(message);
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			if (status.isOk()) {
				RetryingCall.this.channel.retryTokens().succeeded();
			}
			else if (retryAfter(status, trailers)) {
				return;
			}
			commit();
			deliverHeaders();
			RetryingCall.this.listener.onClose(status, trailers);
		}

		@Override
		public void onReady() {
			RetryingCall.this.listener.onReady();
		}

	}

}
