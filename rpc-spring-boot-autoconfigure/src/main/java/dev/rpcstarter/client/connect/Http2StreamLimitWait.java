package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Keeps the calls of a channel within the number of streams its HTTP/2 server allows
 * ({@code SETTINGS_MAX_CONCURRENT_STREAMS}): a call beyond it waits for another call to end,
 * as on a grpc-java channel, instead of failing.
 *
 * <p>OkHttp knows the limit of a connection only once the server's SETTINGS frame has
 * arrived; until then it gives the connection any number of calls. When a connection has as
 * many streams as the limit, it opens another one, which is again unlimited at first. Under a
 * burst of calls both would send more streams than the server allows; servers refuse the
 * excess (REFUSED_STREAM) and, as Tomcat does, count it against the connection until they
 * close it. OkHttp tells none of this but its events, which this listens to, per server:
 * <ul>
 * <li>Until a call to the server got its response headers over HTTP/2 (the SETTINGS frame
 * comes before them) or got an HTTP/1.1 connection, one call at a time goes ahead; the others
 * wait before OkHttp picks their connection, then share the first one within its limit.</li>
 * <li>A call that OkHttp is about to open a new connection for, while the server has calls
 * running on HTTP/2, waits in line; each end of a call lets the first in line go on. It then
 * connects, and OkHttp, as it does for calls that raced to connect, moves it to the pooled
 * connection that has room again and closes its own.</li>
 * </ul>
 *
 * <p>A first call may take long to get its headers, and a connection the server is closing
 * (GOAWAY) also makes OkHttp open another while its calls may run long: a call waits
 * {@link #MAX_WAIT} at most each time, then goes ahead.
 */
final class Http2StreamLimitWait implements EventListener.Factory {

	private static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(1);

	/** How often a waiting call checks whether it was cancelled. */
	private static final long CANCEL_CHECK = TimeUnit.MILLISECONDS.toNanos(50);

	private final Map<ServerKey, Server> servers = new ConcurrentHashMap<>();

	/** Looks the server up once per call, rather than at each of its events. */
	@Override
	public EventListener create(Call call) {
		HttpUrl url = call.request().url();
		return new CallEvents(this.servers.computeIfAbsent(new ServerKey(url.scheme(), url.host(), url.port()),
				(key) -> new Server()));
	}

	/** Where a call goes: calls to the same server share its connections. */
	private record ServerKey(String scheme, String host, int port) {

	}

	/** The events of one call, told to its server. */
	private static final class CallEvents extends EventListener {

		private final Server server;

		CallEvents(Server server) {
			this.server = server;
		}

		@Override
		public void callStart(Call call) {
			this.server.awaitKnownLimit(call);
		}

		@Override
		public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
			this.server.awaitTurn(call);
		}

		@Override
		public void connectionAcquired(Call call, Connection connection) {
			if (HttpVersion.isHttp2(connection.protocol())) {
				this.server.callStarted();
			}
			else {
				// No stream limit on HTTP/1.1: every call has a connection of its own.
				this.server.limitKnown();
			}
		}

		@Override
		public void responseHeadersEnd(Call call, Response response) {
			if (HttpVersion.isHttp2(response.protocol())) {
				this.server.limitKnown();
			}
		}

		@Override
		public void connectionReleased(Call call, Connection connection) {
			if (HttpVersion.isHttp2(connection.protocol())) {
				this.server.callEnded();
			}
		}

		@Override
		public void callEnd(Call call) {
			this.server.leadEnded(call);
		}

		@Override
		public void callFailed(Call call, IOException ex) {
			this.server.leadEnded(call);
		}

	}

	/** What is known of one server, and the calls that wait for it. */
	private static final class Server {

		/** Whether OkHttp knows the stream limit of the server's connection, if it has one. */
		private boolean limitKnown;

		/** The call that goes ahead while the limit is not known. */
		private Call lead;

		/** Calls running on HTTP/2 connections. */
		private int running;

		/** The number the next call in line for a stream gets. */
		private long nextInLine;

		/** Calls in line whose number is below this may go on. */
		private long admitted;

		synchronized void awaitKnownLimit(Call call) {
			await(call, () -> this.limitKnown || this.lead == null);
			if (!this.limitKnown && this.lead == null) {
				this.lead = call;
			}
		}

		synchronized void limitKnown() {
			this.limitKnown = true;
			notifyAll();
		}

		synchronized void leadEnded(Call call) {
			if (this.lead == call) {
				this.lead = null;
				notifyAll();
			}
		}

		synchronized void awaitTurn(Call call) {
			if (this.running == 0) {
				// No HTTP/2 connection in use: the first connection, or an HTTP/1.1 server.
				return;
			}
			long number = this.nextInLine++;
			await(call, () -> number < this.admitted || this.running == 0);
		}

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

		/** Waits while holding this, until the condition holds, the call is cancelled or {@link #MAX_WAIT} passed. */
		private void await(Call call, BooleanSupplier condition) {
			long deadline = System.nanoTime() + MAX_WAIT;
			try {
				for (long left = MAX_WAIT; !condition.getAsBoolean() && left > 0 && !call.isCanceled(); left = deadline
						- System.nanoTime()) {
					TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, CANCEL_CHECK));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
