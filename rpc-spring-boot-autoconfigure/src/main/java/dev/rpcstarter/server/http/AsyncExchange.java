package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A request in async mode, or one that goes into it if its call outlives the request thread,
 * and its response: writes to the response and the completion of the exchange, one at a time,
 * so that nothing touches the response once it is complete.
 *
 * <p>A stream is in async mode from the start ({@link #start}). A unary call waits
 * ({@link #startOnDemand}): most services answer on the request thread, and such a call's
 * response is then written and ended by the container like any servlet's, without the
 * container's async machinery. Only a call still open when the request thread leaves the
 * filter puts the request in async mode, at that moment, under the same lock as the writes,
 * so a call closing on another thread meanwhile either finds it in async mode or has its
 * response ended by the request thread's return; or one whose body is still arriving, before
 * it reads the rest ({@link #startAsyncNow}).
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
 *
 * <p>The container can also end a request in async mode by itself. When a write from an
 * application thread fails, Tomcat marks the connection for closing and queues an error
 * dispatch; if it handles another event of the connection first (the client's close, seen as
 * readable), it closes the connection and recycles the request without telling its listeners
 * (it logs "Encountered a non-recycled request and recycled it forcedly"). The async context
 * then refuses every use with an {@code IllegalStateException}, which here means that the
 * exchange is over ({@link #useAsyncContext}).
 */
final class AsyncExchange {

	private static final Log logger = LogFactory.getLog(AsyncExchange.class);

	private static final String ATTRIBUTE = AsyncExchange.class.getName();

	private final HttpServletRequest request;

	private final HttpServletResponse response;

	private final Thread requestThread = Thread.currentThread();

	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * The async context, once the request is in async mode. Guarded by {@link #lock}, as are
	 * the fields below.
	 */
	private AsyncContext async;

	/** Listeners registered before the request went into async mode. */
	private final List<AsyncListener> pendingListeners = new ArrayList<>(1);

	private boolean completed;

	/**
	 * Whether the request thread has left the filter. Written under {@link #lock}; volatile for
	 * {@link #onRequestThread}, which reads it without.
	 */
	private volatile boolean requestThreadReleased;

	/** Whether a completion waits for the request thread to leave. */
	private boolean completionDeferred;

	private AsyncExchange(HttpServletRequest request, HttpServletResponse response) {
		this.request = request;
		this.response = response;
		request.setAttribute(ATTRIBUTE, this);
	}

	/**
	 * Puts a request in async mode, in which the response outlives the request thread.
	 * @param request the request
	 * @return the exchange, without a container timeout: the call's deadline governs
	 */
	static AsyncExchange start(HttpServletRequest request) {
		AsyncContext async = request.startAsync();
		AsyncExchange exchange = new AsyncExchange(request, (HttpServletResponse) async.getResponse());
		exchange.enterAsyncMode(async);
		return exchange;
	}

	/**
	 * Starts an exchange that goes into async mode only if its call is still open when the
	 * request thread leaves the filter.
	 * @param request the request
	 * @param response the response as the filter got it
	 * @return the exchange
	 */
	static AsyncExchange startOnDemand(HttpServletRequest request, HttpServletResponse response) {
		return new AsyncExchange(request, containerResponse(response));
	}

	/**
	 * The container's own response, the one {@link HttpServletRequest#startAsync()} hands out:
	 * a response that outlives the request thread must not be written through the wrappers of
	 * filters that have finished by then.
	 */
	private static HttpServletResponse containerResponse(ServletResponse response) {
		ServletResponse unwrapped = response;
		while (unwrapped instanceof ServletResponseWrapper wrapper) {
			unwrapped = wrapper.getResponse();
		}
		return (HttpServletResponse) unwrapped;
	}

	/**
	 * Puts the request in async mode now, on the request thread, unless it is in async mode
	 * already or complete: only a request in async mode has the container's non-blocking
	 * reads, with which a call reads a body still arriving.
	 * @return whether the request is in async mode and the exchange not complete
	 */
	boolean startAsyncNow() {
		this.lock.lock();
		try {
			if (this.completed) {
				return false;
			}
			if (this.async == null) {
				enterAsyncMode(this.request.startAsync());
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The exchange a request was given, if any.
	 * @param request the request, on its request thread
	 * @return the exchange, or {@code null} when the request was answered without one
	 */
	static AsyncExchange of(HttpServletRequest request) {
		return (AsyncExchange) request.getAttribute(ATTRIBUTE);
	}

	/**
	 * Whether the current thread is the request's own, still inside the filter: the thread
	 * that has the thread-local values the filters before the bridge set for the request. The
	 * container may later lend the same thread to other requests.
	 * @return whether this runs on the request thread before it leaves the filter
	 */
	boolean onRequestThread() {
		return Thread.currentThread() == this.requestThread && !this.requestThreadReleased;
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
		this.lock.lock();
		try {
			if (this.async != null) {
				this.async.addListener(listener);
			}
			else {
				this.pendingListeners.add(listener);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Runs a task on one of the container's threads, as the non-blocking reads of a request in
	 * async mode must run, unless the exchange is complete: the container is then done with the
	 * request, and would refuse the task.
	 * @param task the task
	 */
	void runOnContainerThread(Runnable task) {
		this.lock.lock();
		try {
			if (!this.completed) {
				useAsyncContext((async) -> async.start(task));
			}
		}
		finally {
			this.lock.unlock();
		}
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
				if (this.async == null) {
					// Not in async mode, so the request thread is still in the filter, and the
					// container ends the response when it returns.
					return;
				}
				if (this.requestThreadReleased || Thread.currentThread() == this.requestThread) {
					useAsyncContext(AsyncContext::complete);
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
	 * thread asked for meanwhile, completes the exchange when the thread leaves on an I/O
	 * failure, such as a client that went away while it sent the request, or puts the request
	 * in async mode when the call is still open.
	 * @param failure the exception the request thread leaves with, or {@code null}
	 */
	void releaseRequestThread(Throwable failure) {
		this.lock.lock();
		try {
			this.requestThreadReleased = true;
			if (this.completionDeferred) {
				this.completionDeferred = false;
				useAsyncContext(AsyncContext::complete);
			}
			else if (failure instanceof IOException && !this.completed) {
				this.completed = true;
				if (this.async != null) {
					useAsyncContext(AsyncContext::complete);
				}
			}
			else if (!this.completed && this.async == null) {
				enterAsyncMode(this.request.startAsync());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Uses the async context, under {@link #lock}, unless the container has ended the request
	 * by itself: the exchange is then complete, and what the use was for is moot.
	 */
	private void useAsyncContext(Consumer<AsyncContext> use) {
		try {
			use.accept(this.async);
		}
		catch (IllegalStateException ex) {
			this.completed = true;
			logger.debug("The container ended the request before the exchange did", ex);
		}
	}

	/** Takes the async context, without a container timeout: the call's deadline governs. */
	private void enterAsyncMode(AsyncContext async) {
		async.setTimeout(0);
		this.pendingListeners.forEach(async::addListener);
		this.pendingListeners.clear();
		this.async = async;
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
				useAsyncContext(AsyncContext::complete);
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
