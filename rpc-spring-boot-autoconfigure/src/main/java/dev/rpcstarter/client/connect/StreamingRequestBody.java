package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;

import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * The body of a request whose messages are sent while the call runs (client streaming and
 * bidirectional calls): each frame goes out, flushed, on the thread that sends it, and the body
 * ends with the half-close. Frames sent before OkHttp asks for the body wait here.
 *
 * <p>Over HTTP/2 the body is duplex: OkHttp hands over its sink and reads the response while
 * frames are still being sent. Over HTTP/1.1 OkHttp reads the response only once
 * {@link #writeTo} returns, so that thread waits here for the half-close, and the call is half
 * duplex. {@link FullDuplexOnHttp2} tells which, once the call has its connection.
 */
final class StreamingRequestBody extends RequestBody {

	/** Frames sent before the sink was handed over. Guarded by this. */
	private final Queue<byte[]> pending = new ArrayDeque<>();

	private volatile boolean fullDuplex;

	/** Guarded by this. */
	private BufferedSink sink;

	/**
	 * Written holding this, read without it: a thread that sends a frame holds this while
	 * HTTP/2 flow control blocks it, and must not hold up the thread that reads the response.
	 */
	private volatile boolean halfClosed;

	/** Guarded by this. */
	private boolean cancelled;

	@Override
	public MediaType contentType() {
		// The wire protocol sets the Content-Type header itself.
		return null;
	}

	@Override
	public long contentLength() {
		return -1;
	}

	@Override
	public boolean isOneShot() {
		// The frames are handed out once: a retried exchange would send a truncated body.
		return true;
	}

	@Override
	public boolean isDuplex() {
		return this.fullDuplex;
	}

	/**
	 * @param fullDuplex whether the call's connection carries a duplex body (HTTP/2)
	 */
	void fullDuplex(boolean fullDuplex) {
		this.fullDuplex = fullDuplex;
	}

	@Override
	public synchronized void writeTo(BufferedSink sink) throws IOException {
		if (this.sink != null) {
			throw new IllegalStateException("a streaming request body can be sent only once");
		}
		this.sink = sink;
		while (!this.pending.isEmpty()) {
			sink.write(this.pending.poll());
		}
		sink.flush();
		if (this.fullDuplex) {
			if (this.halfClosed) {
				sink.close();
			}
			return;
		}
		try {
			while (!this.halfClosed && !this.cancelled) {
				wait();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for the request messages", ex);
		}
		if (this.cancelled) {
			throw new IOException("the call was cancelled while sending its request");
		}
		// Returning ends the body: OkHttp closes the sink.
	}

	/**
	 * Sends one frame, or keeps it until the body is written.
	 * @param frame the framed message
	 */
	synchronized void send(byte[] frame) {
		if (this.halfClosed || this.cancelled) {
			return;
		}
		if (this.sink == null) {
			this.pending.add(frame);
			return;
		}
		try {
			this.sink.write(frame);
			this.sink.flush();
		}
		catch (IOException ex) {
			// The exchange failed or ended; reading its response tells the call why.
			this.cancelled = true;
		}
	}

	/**
	 * Ends the body after the frames sent so far.
	 */
	synchronized void halfClose() {
		this.halfClosed = true;
		if (this.sink != null && this.fullDuplex) {
			try {
				this.sink.close();
			}
			catch (IOException ex) {
				// As in send: the response reports the failure.
			}
		}
		notifyAll();
	}

	boolean isHalfClosed() {
		return this.halfClosed;
	}

	/**
	 * Drops the frames not sent and releases a thread waiting for the half-close. Called after
	 * the exchange was cancelled, which fails a write that blocks and so frees the lock.
	 */
	synchronized void cancel() {
		this.cancelled = true;
		this.pending.clear();
		notifyAll();
	}

}
