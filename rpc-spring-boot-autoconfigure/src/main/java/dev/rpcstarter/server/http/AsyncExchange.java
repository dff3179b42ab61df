package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request in async mode and its response: writes to the response and the completion of
 * the async context, one at a time, so that nothing touches the response once it is
 * complete.
 *
 * <p>A call normally completes its response when it closes, on whichever thread closes it.
 * When the container reports an error (the client went away), the completion must also
 * happen inside {@link AsyncListener#onError}: a listener that returns without completing
 * makes the container dispatch the request to the application's error page, Spring Boot's
 * {@code /error}, which then fails to render into a response that has already started, and
 * Tomcat refuses a completion from an application thread once {@code onError} has returned.
 * A completion that arrives during a write waits for it, since the container recycles the
 * response once it is complete.
 */
final class AsyncExchange {

	private final HttpServletRequest request;

	private final AsyncContext async;

	private final HttpServletResponse response;

	private final ReentrantLock lock = new ReentrantLock();

	/** Guarded by {@link #lock}. */
	private boolean completed;

	private AsyncExchange(HttpServletRequest request, AsyncContext async) {
		this.request = request;
		this.async = async;
		this.response = (HttpServletResponse) async.getResponse();
	}

	/**
	 * Puts a request in async mode, in which the response outlives the request thread.
	 * @param request the request
	 * @return the exchange, without a container timeout: the call's deadline governs
	 */
	static AsyncExchange start(HttpServletRequest request) {
		AsyncContext async = request.startAsync();
		async.setTimeout(0);
		return new AsyncExchange(request, async);
	}

	/**
	 * The response, to be written only through {@link #write}.
	 * @return the response
	 */
	HttpServletResponse response() {
		return this.response;
	}

	/**
	 * Registers a listener for the container's events about this exchange.
	 * @param listener the listener
	 */
	void addListener(AsyncListener listener) {
		this.async.addListener(listener);
	}

	/**
	 * Writes to the response unless it is already complete.
	 * @param write what to write
	 * @throws IOException when the write fails
	 */
	void write(ResponseWrite write) throws IOException {
		this.lock.lock();
		try {
			if (!this.completed) {
				write.run();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Completes the exchange, after a write under way; does nothing the second time.
	 */
	void complete() {
		this.lock.lock();
		try {
			if (!this.completed) {
				this.completed = true;
				this.async.complete();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Completes the exchange from {@link AsyncListener#onError} or
	 * {@link AsyncListener#onTimeout}, after a write under way, unless it is complete
	 * already. The container's own view decides, not {@link #complete}'s: an error that the
	 * container takes up after the call completed (a write failed just before, a stream was
	 * reset) puts the exchange back into async mode, and only a completion inside the
	 * listener keeps the container from dispatching to the error page.
	 */
	void completeInListener() {
		this.lock.lock();
		try {
			this.completed = true;
			if (this.request.isAsyncStarted()) {
				this.async.complete();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A write to the response.
	 */
	@FunctionalInterface
	interface ResponseWrite {

		void run() throws IOException;

	}

}
