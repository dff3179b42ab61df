package dev.rpcstarter.server.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the flushes that streaming responses hold back while a service sends from inside a
 * listener callback, once the callback has not returned within {@link #DELAY_NANOS}.
 *
 * <p>The bridge's timer thread, which also fires the deadlines, only counts the delay; the
 * flush runs on a worker, since it may wait for a slow client, which must hold up neither the
 * deadlines nor the flushes of other calls. Workers are made on demand and end when idle:
 * only flushes stuck on slow clients need more than one at a time.
 */
final class HeldFlushes {

	/**
	 * How long a held flush waits for its callback to return: long enough to gather the
	 * messages of a tight loop, short enough that a message sent just before the service
	 * blocks or sleeps in its callback still reaches the client at once, as far as the client
	 * can tell.
	 */
	static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final ScheduledExecutorService timer;

	private final ExecutorService workers = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "rpc-http-flush");
		thread.setDaemon(true);
		return thread;
	});

	HeldFlushes(ScheduledExecutorService timer) {
		this.timer = timer;
	}

	/**
	 * Runs a flush on a worker after the delay, unless cancelled first.
	 * @param flush the flush
	 * @return the timer, to cancel when the flush has happened otherwise
	 */
	ScheduledFuture<?> schedule(Runnable flush) {
		return this.timer.schedule(() -> this.workers.execute(flush), DELAY_NANOS, TimeUnit.NANOSECONDS);
	}

	/** Stops the workers; the timer belongs to whoever passed it in. */
	void shutdown() {
		this.workers.shutdownNow();
	}

}
