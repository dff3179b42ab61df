package dev.rpcstarter.client.connect;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.RealConnectionPool;

/**
 * Connection pools whose cleanup (closing the connections idle for longer than the keep-alive,
 * and those idle beyond the number kept) runs when it is due, or at most
 * {@link #MAX_DELAY} after a connection went idle, but does not wake a thread each time one
 * does.
 *
 * <p>OkHttp's pool asks its task runner for a cleanup at once whenever a connection becomes
 * idle, which for calls made one at a time is after every call: the runner's thread wakes,
 * finds nothing to close yet and sleeps again, two context switches per call that cost about
 * a fifth of a call's client CPU at one call in flight. The runner of these pools is not woken
 * for a cleanup; its thread wakes when the earliest cleanup is due, or after
 * {@link #MAX_DELAY}, whichever is first, and then runs every cleanup that was asked for.
 *
 * <p>OkHttp 4 offers no API for this; the pool and the runner are built from its
 * {@code okhttp3.internal} classes, which are public but may change with OkHttp's version.
 */
final class LazyPoolCleanup implements TaskRunner.Backend {

	/** How long a cleanup asked for may wait. */
	static final long MAX_DELAY = TimeUnit.SECONDS.toNanos(1);

	/** Shared by the pools of all channels, as OkHttp's own runner is by its clients. */
	private static final TaskRunner RUNNER = new TaskRunner(new LazyPoolCleanup());

	/** OkHttp's backend, whose threads run the cleanups and end when idle for a minute. */
	private final TaskRunner.RealBackend threads = new TaskRunner.RealBackend(
			ConnectChannel.daemonThreads("rpc-connect-pool-cleanup"));

	private LazyPoolCleanup() {
	}

	/**
	 * @param maxIdleConnections idle connections kept for reuse
	 * @param keepAlive how long an idle connection is kept
	 * @return a new pool
	 */
	static ConnectionPool newPool(int maxIdleConnections, Duration keepAlive) {
		return new ConnectionPool(
				new RealConnectionPool(RUNNER, maxIdleConnections, keepAlive.toNanos(), TimeUnit.NANOSECONDS));
	}

	/** Not woken when a cleanup is asked for: the thread comes by within {@link #MAX_DELAY}. */
	@Override
	public void coordinatorNotify(TaskRunner runner) {
	}

	@Override
	public void coordinatorWait(TaskRunner runner, long nanos) {
		try {
			this.threads.coordinatorWait(runner, Math.min(nanos, MAX_DELAY));
		}
		catch (InterruptedException ex) {
			// As OkHttp's runner does when its waiting thread is interrupted.
			runner.cancelAll();
		}
	}

	@Override
	public void beforeTask(TaskRunner runner) {
		this.threads.beforeTask(runner);
	}

	@Override
	public long nanoTime() {
		return this.threads.nanoTime();
	}

	@Override
	public void execute(Runnable runnable) {
		this.threads.execute(runnable);
	}

}
