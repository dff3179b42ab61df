package dev.rpcstarter.client.connect;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Protocol;

/**
 * Makes a call that finds the HTTP/2 connection to its server full wait for one of that
 * server's calls to end, as a grpc-java channel queues a stream beyond the server's
 * {@code SETTINGS_MAX_CONCURRENT_STREAMS}, instead of opening a connection of its own.
 *
 * <p>OkHttp opens another connection when a connection has as many streams as the server
 * allows, and uses a new connection for any number of calls until the server's SETTINGS frame
 * arrives. Under a burst of calls every new connection would get more streams than the server
 * allows; servers refuse the excess (REFUSED_STREAM) and, as Tomcat does, count it against
 * the connection until they close it. Here the calls that OkHttp is about to open a new
 * connection for, while the server has an HTTP/2 connection with calls running, wait in line;
 * each end of a call lets the first in line go on. It then connects, and OkHttp, as it does
 * for calls that raced to connect, moves it to the pooled connection that has room again and
 * closes its own.
 *
 * <p>A connection the server is closing (GOAWAY) also makes OkHttp open another, and its calls
 * may run long: a call waits {@link #MAX_WAIT} at most, then opens its connection.
 */
final class Http2StreamLimitWait extends EventListener {

	private static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(1);

	/** How often a waiting call checks whether it was cancelled. */
	private static final long CANCEL_CHECK = TimeUnit.MILLISECONDS.toNanos(50);

	private final Map<String, Server> servers = new ConcurrentHashMap<>();

	@Override
	public void connectionAcquired(Call call, Connection connection) {
		if (isHttp2(connection)) {
			serverOf(call).callStarted();
		}
	}

	@Override
	public void connectionReleased(Call call, Connection connection) {
		if (isHttp2(connection)) {
			serverOf(call).callEnded();
		}
	}

	@Override
	public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
		serverOf(call).awaitTurn(call);
	}

	private Server serverOf(Call call) {
		HttpUrl url = call.request().url();
		return this.servers.computeIfAbsent(url.scheme() + "://" + url.host() + ":" + url.port(), (key) -> new Server());
	}

	private static boolean isHttp2(Connection connection) {
		return connection.protocol() == Protocol.HTTP_2 || connection.protocol() == Protocol.H2_PRIOR_KNOWLEDGE;
	}

	/** The calls of one server on HTTP/2 connections, and the line of calls that wait. */
	private static final class Server {

		private int running;

		/** The number the next call in line gets. */
		private long nextInLine;

		/** Calls in line whose number is below this may go on. */
		private long admitted;

		synchronized void callStarted() {
			this.running++;
		}

		synchronized void callEnded() {
			this.running--;
			if (this.admitted < this.nextInLine) {
				this.admitted++;
			}
			notifyAll();
		}

		synchronized void awaitTurn(Call call) {
			if (this.running == 0) {
				// No HTTP/2 connection in use: the first connection, or an HTTP/1.1 server.
				return;
			}
			long number = this.nextInLine++;
			long deadline = System.nanoTime() + MAX_WAIT;
			try {
				for (long left = MAX_WAIT; number >= this.admitted && this.running > 0 && left > 0
						&& !call.isCanceled(); left = deadline - System.nanoTime()) {
					TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, CANCEL_CHECK));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
