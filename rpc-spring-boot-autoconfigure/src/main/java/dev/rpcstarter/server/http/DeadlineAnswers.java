package dev.rpcstarter.server.http;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.MoreExecutors;
import jakarta.servlet.http.HttpServletRequest;

/**
 * When the answer to a call whose deadline passed goes out. The service is cancelled at the
 * deadline either way; only the answer waits.
 *
 * <p>Over HTTP/2 the answer waits {@link #HTTP2_WAIT}. The client set the deadline and keeps
 * it too, and its clock started first, so it resets the stream at about the moment the
 * server's deadline passes. An answer sent before that reset arrives crosses it, and a gRPC
 * client answers each frame of it (headers, an empty DATA frame, trailers) with a reset of its
 * own, to each of which Tomcat answers with another. Tomcat counts every reset against the
 * connection and closes it, with every other call on it, once they add up (see
 * {@code RpcTomcatHttp2Configuration}): a single crossing on a new connection was enough. An
 * answer that waits finds the stream reset, and costs one reset of Tomcat's.
 *
 * <p>A client that does not keep its own deadline gets the answer that much later. Over
 * HTTP/1.1 a client leaves by closing its connection, which costs nothing, so the answer goes
 * at once.
 */
final class DeadlineAnswers {

	/** How long the answer waits over HTTP/2: far longer than a reset takes to arrive. */
	static final Duration HTTP2_WAIT = Duration.ofSeconds(1);

	private final ScheduledExecutorService timer;

	private final Executor afterWait = this::afterWait;

	/**
	 * @param timer runs the answers that wait
	 */
	DeadlineAnswers(ScheduledExecutorService timer) {
		this.timer = timer;
	}

	/**
	 * Where the deadline answer of a request's call runs.
	 * @param request the request
	 * @return runs the answer at once, or after {@link #HTTP2_WAIT} for an HTTP/2 request
	 */
	Executor forRequest(HttpServletRequest request) {
		return "HTTP/2.0".equals(request.getProtocol()) ? this.afterWait : MoreExecutors.directExecutor();
	}

	private void afterWait(Runnable answer) {
		try {
			this.timer.schedule(answer, HTTP2_WAIT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The web server is stopping and its timer with it: answer while a client can
			// still hear it.
			answer.run();
		}
	}

}
