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
 *
 * <p>While the request thread is still in the filter, a completion from another thread is left
 * for the request thread to make as it leaves ({@link #releaseRequestThread}), and a request
 * thread that leaves on an I/O failure completes the exchange first. Tomcat's HTTP/2 reuses
 * the request objects of finished streams, and it recycles them only when a request in async
 * mode ends on a completion it sees on the request thread or in a later dispatch: one that
 * ends its first dispatch with an I/O error (the client reset the stream or closed the
 * connection) while its completion is pending or not yet asked for, is pooled unrecycled, and
 * the stream that gets it next fails in Tomcat's mapping and is never answered.
 */
final class AsyncExchange {

	private static final String ATTRIBUTE = AsyncExchange.class.getName();

	private final HttpServletRequest request;

	private final AsyncContext async;

	private final HttpServletResponse response;

	private final Thread requestThread = Thread.currentThread();

	private final ReentrantLock lock = new ReentrantLock();

	/** Guarded by {@link #lock}, as are the fields below. */
	private boolean completed;

	/** Whether the request thread has left the filter. */
	private boolean requestThreadReleased;

	/** Whether a completion waits for the request thread to leave. */
	private boolean completionDeferred;

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
		AsyncExchange exchange = new AsyncExchange(request, async);
		request.setAttribute(ATTRIBUTE, exchange);
		return exchange;
	}

	/**
	 * The exchange a request was put in, if any.
	 * @param request the request, on its request thread
	 * @return the exchange, or {@code null} when the request is not in async mode
	 */
	static AsyncExchange of(HttpServletRequest request) {
		return (AsyncExchange) request.getAttribute(ATTRIBUTE);
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
				if (this.requestThreadReleased || Thread.currentThread() == this.requestThread) {
					this.async.complete();
				}
				else {
					this.completionDeferred = true;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Called by the request thread as it leaves the filter: makes a completion that another
	 * thread asked for meanwhile, or completes the exchange when the thread leaves on an I/O
	 * failure, such as a client that went away while it sent the request.
	 * @param failure the exception the request thread leaves with, or {@code null}
	 */
	void releaseRequestThread(Throwable failure) {
		this.lock.lock();
		try {
			this.requestThreadReleased = true;
			if (this.completionDeferred) {
				this.completionDeferred = false;
				this.async.complete();
			}
			else if (failure instanceof IOException && !this.completed) {
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
			this.completionDeferred = false;
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
