package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.HttpUrl;

/**
 * Keeps the calls of a channel within the number of streams its HTTP/2 servers allow
 * ({@code SETTINGS_MAX_CONCURRENT_STREAMS}): a call beyond it waits for another call to end,
 * as on a grpc-java channel, instead of sending a stream the server refuses.
 *
 * <p>OkHttp applies a connection's limit only once its reader has the server's SETTINGS frame;
 * until then it gives the connection any number of calls. Servers refuse the excess
 * (REFUSED_STREAM) and, as Tomcat does, count each refusal against the connection until they
 * close it with every call on it. So calls wait before OkHttp picks their connection, per
 * server, and the limits come from the sockets, which read the SETTINGS frame themselves
 * ({@link ServerStreamLimit}):
 * <ul>
 * <li>The streams the server's open connections allow together are its capacity; a call goes
 * when fewer calls run than that.</li>
 * <li>While no connection is open, one call goes ahead to open one, and the others wait for
 * its limit.</li>
 * <li>A call that has waited {@link #MAX_WAIT} goes ahead likewise, so that long calls that
 * fill a connection do not hold the others back: OkHttp opens another connection for it, and
 * its limit adds to the capacity. One such call at a time, since OkHttp would put every call
 * that goes meanwhile onto the new connection.</li>
 * </ul>
 *
 * <p>Calls over HTTP/1.1, where every call has a connection of its own, and over TLS sockets of
 * other providers than the JDK's, whose input is not read, are not held back.
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

	/** The events of one call, told to its server. OkHttp tells them one after another. */
	private static final class CallEvents extends EventListener {

		private final Server server;

		private boolean running;

		CallEvents(Server server) {
			this.server = server;
		}

		@Override
		public void callStart(Call call) {
			this.running = this.server.awaitStream(call);
		}

		@Override
		public void connectionAcquired(Call call, Connection connection) {
			ServerStreamLimit limit = (HttpVersion.isHttp2(connection.protocol())
					&& connection.socket() instanceof ServerStreamLimit.Source source) ? source.streamLimit() : null;
			if (limit == null) {
				this.server.unlimited();
			}
			else if (!limit.watch(this.server)) {
				// A connection the server already counts.
				this.server.openingEnded(call);
			}
		}

		@Override
		public void callEnd(Call call) {
			ended(call);
		}

		@Override
		public void callFailed(Call call, IOException ex) {
			ended(call);
		}

		private void ended(Call call) {
			if (this.running) {
				this.running = false;
				this.server.callEnded(call);
			}
		}

	}

	/** The streams of one server, and the calls that wait for one. */
	private static final class Server implements ServerStreamLimit.Watcher {

		/** The streams the server's open connections allow together. */
		private long capacity;

		/** Calls that hold a stream, or went ahead to open a connection. */
		private long running;

		/** The call that went ahead to open a connection, until its limit is known. */
		private Call opening;

		/** Whether calls are not held back: over HTTP/1.1, or on sockets whose input is not read. */
		private boolean unlimited;

		/**
		 * Waits until the call may go, or is cancelled.
		 * @return whether it runs, and is to be told to {@link #callEnded(Call)}
		 */
		synchronized boolean awaitStream(Call call) {
			long waitEnds = System.nanoTime() + MAX_WAIT;
			try {
				while (!call.isCanceled()) {
					if (this.unlimited || this.running < this.capacity) {
						break;
					}
					long left = waitEnds - System.nanoTime();
					if (this.opening == null && (this.capacity == 0 || left <= 0)) {
						this.opening = call;
						break;
					}
					TimeUnit.NANOSECONDS.timedWait(this, (left > 0) ? Math.min(left, CANCEL_CHECK) : CANCEL_CHECK);
				}
			}
			catch (InterruptedException ex) {
				// The call goes on, and fails at its first blocking step.
				Thread.currentThread().interrupt();
			}
			if (call.isCanceled()) {
				// OkHttp fails the call at once.
				openingEnded(call);
				return false;
			}
			this.running++;
			return true;
		}

		synchronized void callEnded(Call call) {
			this.running--;
			openingEnded(call);
			notifyAll();
		}

		synchronized void openingEnded(Call call) {
			if (this.opening == call) {
				this.opening = null;
				notifyAll();
			}
		}

		synchronized void unlimited() {
			if (!this.unlimited) {
				this.unlimited = true;
				notifyAll();
			}
		}

		@Override
		public synchronized void opened(long limit) {
			this.capacity += limit;
			this.opening = null;
			notifyAll();
		}

		@Override
		public synchronized void closed(long limit) {
			this.capacity -= limit;
		}

	}

}
