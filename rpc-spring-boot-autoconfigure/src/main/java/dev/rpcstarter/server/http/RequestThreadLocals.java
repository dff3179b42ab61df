package dev.rpcstarter.server.http;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * The thread-local values of a request's thread, put back in place for the service's
 * callbacks that run on other threads.
 *
 * <p>The filters that run before the bridge leave values in thread-locals for the code that
 * serves the request: Spring Security's servlet filters the caller's {@code SecurityContext},
 * Spring's observation filter the current observation. A callback on the request thread
 * finds them. But the bridge reads request messages as they arrive, and a callback may run
 * later on another of the container's threads: a stream's messages, and a unary call whose
 * body had not all arrived when its request was served. Those threads would have none of the
 * values, so a service secured by the servlet filters alone would find no caller in
 * {@code SecurityContextHolder}, depending on how fast its request came.
 *
 * <p>Every value that has a {@code ThreadLocalAccessor} registered with Micrometer's
 * context-propagation library goes along, as Spring's {@code ContextPropagatingTaskDecorator}
 * carries them to {@code @Async} methods; Spring Security and Micrometer register theirs.
 */
final class RequestThreadLocals {

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private final AsyncExchange exchange;

	private final ContextSnapshot values;

	/**
	 * Takes the current thread's values: call on the request thread.
	 * @param exchange the request's exchange, which knows when its thread has left
	 */
	RequestThreadLocals(AsyncExchange exchange) {
		this.exchange = exchange;
		this.values = SNAPSHOTS.captureAll();
	}

	/**
	 * Runs a callback with the request thread's values in place, unless it runs on the request
	 * thread itself, which has them.
	 * @param callback the callback
	 */
	void run(Runnable callback) {
		if (this.exchange.onRequestThread()) {
			callback.run();
			return;
		}
		try (ContextSnapshot.Scope scope = this.values.setThreadLocals()) {
			callback.run();
		}
	}

}
