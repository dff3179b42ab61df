package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Lets the single-message request bodies of the calls on one HTTP/2 connection be written one
 * at a time.
 *
 * <p>OkHttp writes a body on its call's thread. When the connection's flow-control window is
 * spent, that thread waits on the connection until a {@code WINDOW_UPDATE} arrives, and each
 * update wakes every waiting thread at once, of which all but the first go back to sleep. A
 * server with a small connection window (Tomcat's is 64 KiB unless its stream window is set
 * larger) spends it on a few large bodies, so with many concurrent calls dozens of threads
 * woke for every update. In the benchmark (10 KB orders, 64 calls in flight over h2c to
 * Tomcat) the client spent about twice the CPU time per call that way: 365 µs against 180 µs.
 * Taking turns, one thread waits for the window, and the next is woken once, when its turn
 * comes.
 *
 * <p>A turn lasts until the body was written whole, its last frame included, so it must only
 * ever wait for the connection's window, which no writer could use meanwhile anyway, and never
 * for its own stream's, which opens only as the server reads that stream: a server may leave a
 * stream unread for a while (its request queued for a thread), and the calls behind it would
 * wait although the connection had window for them. So only bodies that fit in a new stream's
 * window take turns: up to {@link #MAX_BODY_BYTES}, HTTP/2's default initial window, which
 * servers seldom lower. Larger bodies, and streams ({@link StreamingRequestBody}), whose
 * messages are written while the call runs, are written as OkHttp writes them.
 */
final class WriteTurns {

	/**
	 * HTTP/2's default initial stream window: a new stream has at least this much, unless its
	 * server lowered it.
	 */
	static final long MAX_BODY_BYTES = 65_535;

	/** How often a call waiting for its turn checks whether it was cancelled. */
	private static final long CANCEL_CHECK_MILLIS = 50;

	private final Semaphore turn = new Semaphore(1);

	/**
	 * @param body a body that one call sends on this connection
	 * @param call that call: it stops waiting for its turn once cancelled
	 * @return the body, written in its turn, or as it is when it is larger than
	 * {@link #MAX_BODY_BYTES} or of unknown length
	 * @throws IOException when the body cannot tell its length
	 */
	RequestBody inTurn(RequestBody body, Call call) throws IOException {
		long length = body.contentLength();
		return (length >= 0 && length <= MAX_BODY_BYTES) ? new InTurn(body, call) : body;
	}

	private void await(Call call) throws IOException {
		try {
			while (!this.turn.tryAcquire(CANCEL_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
				if (call.isCanceled()) {
					throw new IOException("Canceled");
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while waiting to write the request body");
		}
	}

	private final class InTurn extends RequestBody {

		private final RequestBody body;

		private final Call call;

		InTurn(RequestBody body, Call call) {
			this.body = body;
			this.call = call;
		}

		@Override
		public MediaType contentType() {
			return this.body.contentType();
		}

		@Override
		public long contentLength() throws IOException {
			return this.body.contentLength();
		}

		@Override
		public boolean isOneShot() {
			return this.body.isOneShot();
		}

		/**
		 * Closes the sink within the turn: closing sends the body's last frame, which may wait for
		 * window too. OkHttp closes it again once this returns, which does nothing then.
		 */
		@Override
		public void writeTo(BufferedSink sink) throws IOException {
			await(this.call);
			try {
				this.body.writeTo(sink);
				sink.close();
			}
			finally {
				WriteTurns.this.turn.release();
			}
		}

	}

}
