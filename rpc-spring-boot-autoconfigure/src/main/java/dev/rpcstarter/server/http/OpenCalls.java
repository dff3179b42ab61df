package dev.rpcstarter.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.Status;

/**
 * The web port's calls that have not ended, so that the application can stop without cutting
 * them off: once it begins to stop, a new call is refused with {@code UNAVAILABLE}, the open
 * ones have a grace period to end by themselves, and those still open after it are cancelled
 * with {@code UNAVAILABLE}, which every protocol tells its client as it tells any error (a
 * Connect end-of-stream, gRPC trailers, a REST error line). A client then knows to call again,
 * elsewhere, rather than see its connection reset. grpc-java's own server drains its calls the
 * same way ({@code shutdown}, then {@code shutdownNow}).
 */
final class OpenCalls {

	static final Status SHUTTING_DOWN = Status.UNAVAILABLE.withDescription("the server is shutting down");

	private final Set<HttpServerCall<?, ?>> calls = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	/**
	 * Counts a call as open, unless the server is closing.
	 * @param call a call that has not started
	 * @return {@code false} when the server is closing: the call must not start
	 */
	boolean add(HttpServerCall<?, ?> call) {
		this.calls.add(call);
		// Checked after adding, so that a call is either refused here or seen by close().
		if (this.closing) {
			this.calls.remove(call);
			return false;
		}
		return true;
	}

	/**
	 * Counts a call as ended.
	 * @param call the call
	 */
	void ended(HttpServerCall<?, ?> call) {
		this.calls.remove(call);
		if (this.closing && this.calls.isEmpty()) {
			synchronized (this) {
				notifyAll();
			}
		}
	}

	/**
	 * Refuses new calls, waits for the open ones to end, and cancels those still open when the
	 * grace period is over.
	 * @param gracePeriod how long open calls may run on
	 */
	void close(Duration gracePeriod) {
		this.closing = true;
		long deadline = System.nanoTime() + gracePeriod.toNanos();
		synchronized (this) {
			long left = gracePeriod.toNanos();
			while (!this.calls.isEmpty() && left > 0) {
				try {
					wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				left = deadline - System.nanoTime();
			}
		}
		for (HttpServerCall<?, ?> call : List.copyOf(this.calls)) {
			call.cancel(SHUTTING_DOWN);
		}
	}

	/** Takes calls again, after {@link #close}: an application context may stop and start again. */
	void reopen() {
		this.closing = false;
	}

}
