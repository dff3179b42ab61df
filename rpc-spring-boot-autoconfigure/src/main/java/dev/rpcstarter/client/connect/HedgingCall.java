package dev.rpcstarter.client.connect;

import java.time.Duration;
import java.util.ArrayList;
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
 * A unary or server streaming call of a {@link ConnectChannel} that is sent again, as its
 * {@link HedgingPolicy} says, while no copy of it has answered: the first copy to answer with a
 * message, or to fail with a fatal status, decides the call, and the copies still in flight are
 * cancelled; a server stream goes on with the deciding copy's messages.
 *
 * <p>The caller hears only the deciding copy; a copy that fails with a non-fatal status is
 * dropped, and the next copy goes out at once rather than after the delay (gRFC A6). When
 * every copy has failed that way, the last failure is the call's. A server's pushback on a
 * failed copy ({@link ServerPushback}) stops further copies or sets the time to the next. The
 * caller's deadline spans all copies, and the channel's {@link RetryThrottling} may stop
 * further copies.
 */
final class HedgingCall<ReqT, RespT> extends RepeatedCall<ReqT, RespT> {

	private final HedgingPolicy policy;

	/**
	 * The options of each copy: the caller's thread of a blocking stub must run the callbacks
	 * of one copy while the others wait, so no copy may run its exchange there.
	 */
	private final CallOptions copyOptions;

	/** The copies sent that have not ended yet. Guarded by this, as are the fields below. */
	private final List<ClientCall<ReqT, RespT>> inFlight = new ArrayList<>();

	private int sent;

	/** The copy whose outcome is the caller's, once one has decided the call. */
	private CopyListener decider;

	private boolean cancelled;

	/** Set when a server asked not to send the call again: no further copies. */
	private boolean pushedBack;

	private DeadlineTimer.Timeout nextCopy;

	HedgingCall(ConnectChannel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options,
			HedgingPolicy policy) {
		super(channel, method, options);
		this.policy = policy;
		this.copyOptions = options.withOption(HttpClientCall.HEDGED_COPY, true);
	}

	@Override
	void startFirstAttempt() {
		sendCopy();
	}

	@Override
	List<ClientCall<ReqT, RespT>> liveAttempts() {
		return this.inFlight;
	}

	/** Every copy in flight ends cancelled; the first of them to say so decides the call. */
	@Override
	public void cancel(String message, Throwable cause) {
		List<ClientCall<ReqT, RespT>> copies;
		synchronized (this) {
			this.cancelled = true;
			stopSending();
			copies = List.copyOf(this.inFlight);
		}
		copies.forEach((copy) -> copy.cancel(message, cause));
	}

	/** Runs with the lock held. */
	private void sendCopy() {
		this.sent++;
		CopyListener copyListener = new CopyListener();
		copyListener.copy = startAttempt(this.copyOptions, copyListener);
		this.inFlight.add(copyListener.copy);
		if (this.sent < this.policy.maxAttempts()) {
			scheduleNextCopy(this.policy.delay());
		}
	}

	/** Runs with the lock held. */
	private void scheduleNextCopy(Duration delay) {
		stopSending();
		try {
			this.nextCopy = this.channel.deadlines().schedule(this::sendNextCopy, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The channel shut down and terminated: no more copies.
		}
	}

	private synchronized void sendNextCopy() {
		this.nextCopy = null;
		if (maySendMore()) {
			sendCopy();
		}
	}

	/** Runs with the lock held. */
	private boolean maySendMore() {
		Deadline deadline = this.options.getDeadline();
		return this.decider == null && !this.cancelled && !this.pushedBack && this.sent < this.policy.maxAttempts()
				&& mayStartAnotherAttempt()
				&& !this.channel.isShutdown() && (deadline == null || !deadline.isExpired())
				&& this.channel.retryTokens().allowMore();
	}

	/** Runs with the lock held. */
	private void stopSending() {
		if (this.nextCopy != null) {
			this.nextCopy.cancel();
			this.nextCopy = null;
		}
	}

	/**
	 * Runs with the lock held: makes a copy the call's decider.
	 * @return the other copies in flight, to be cancelled once the lock is released
	 */
	private List<ClientCall<ReqT, RespT>> decide(CopyListener copyListener) {
		this.decider = copyListener;
		stopSending();
		forgetRequests();
		List<ClientCall<ReqT, RespT>> others = new ArrayList<>(this.inFlight);
		others.remove(copyListener.copy);
		return others;
	}

	private static <ReqT, RespT> void cancelLosers(List<ClientCall<ReqT, RespT>> losers) {
		losers.forEach((loser) -> loser.cancel("another copy of the hedged call answered first", null));
	}

	private final class CopyListener extends AttemptListener {

		/** Set under the call's lock before the copy's first callback takes that lock. */
		private ClientCall<ReqT, RespT> copy;

		@Override
		public void onMessage(RespT message) {
			List<ClientCall<ReqT, RespT>> losers;
			synchronized (HedgingCall.this) {
				if (HedgingCall.this.decider != null) {
					if (HedgingCall.this.decider != this) {
						return;
					}
					losers = List.of();
				}
				else {
					losers = decide(this);
				}
			}
			deliverHeaders();
			HedgingCall.this.listener.onMessage(message);
			cancelLosers(losers);
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			List<ClientCall<ReqT, RespT>> losers = List.of();
			synchronized (HedgingCall.this) {
				HedgingCall.this.inFlight.remove(this.copy);
				if (HedgingCall.this.decider != null) {
					if (HedgingCall.this.decider != this) {
						return;
					}
				}
				else if (goesOnWithout(status, ServerPushback.in(trailers))) {
					return;
				}
				else {
					losers = decide(this);
				}
			}
			cancelLosers(losers);
			if (status.isOk()) {
				// Once per call: a copy that answered too late is not the call's success.
				HedgingCall.this.channel.retryTokens().succeeded();
			}
			deliverHeaders();
			HedgingCall.this.listener.onClose(status, trailers);
		}

		/**
		 * Runs with the lock held, for a copy that ended before any copy decided the call.
		 * @param pushback what the copy's server said about sending the call again
		 * @return whether the call goes on without it: it failed with a non-fatal status and
		 * another copy is in flight or may still be sent, which is then sent at once, or after
		 * the delay the server asked for
		 */
		private boolean goesOnWithout(Status status, ServerPushback pushback) {
			if (status.isOk() || HedgingCall.this.cancelled || !HedgingCall.this.policy.isNonFatal(status)) {
				return false;
			}
			HedgingCall.this.channel.retryTokens().failed();
			if (pushback.refuses()) {
				HedgingCall.this.pushedBack = true;
				stopSending();
			}
			if (maySendMore()) {
				if (pushback.delay() != null) {
					scheduleNextCopy(pushback.delay());
				}
				else {
					stopSending();
					sendCopy();
				}
				return true;
			}
			return !HedgingCall.this.inFlight.isEmpty();
		}

		@Override
		public void onReady() {
			// Not passed on: the copies' callbacks come on several threads, and the caller's
			// listener must hear one at a time; the caller has sent its one message already.
		}

	}

}
