package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * duplex. {@link Http2RequestBodies} tells which, once the call has its connection.
 *
 * <p>Until the response begins, the body keeps a copy of the frames it sent, up to
 * {@link #REPLAY_LIMIT_BYTES} and within its channel's {@link ReplayBudget}, so that a stream
 * the server refused (REFUSED_STREAM) can be sent again whole: see {@link #reopen()}.
 */
final class StreamingRequestBody extends RequestBody {

	/**
	 * How many bytes of frames are kept to send again, as grpc-java keeps up to 1 MiB of a call's
	 * messages for its transparent retries. A stream that sent more before its response began
	 * cannot be sent again: it fails if the server refuses it.
	 */
	static final int REPLAY_LIMIT_BYTES = 1024 * 1024;

	/** Frames not yet written to the sink: sent before it was handed over, or to send again. Guarded by this. */
	private final Queue<byte[]> pending = new ArrayDeque<>();

	/**
	 * The frames sent so far, or {@code null} once the body can no longer be sent again: the
	 * response began, the frames outgrew the limit, or the connection cannot refuse a stream.
	 * Guarded by this.
	 */
	private List<byte[]> replay = new ArrayList<>();

	/** The size of the frames in {@link #replay}, taken from {@link #replayBudget}. Guarded by this. */
	private long replayBytes;

	private final ReplayBudget replayBudget;

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

	/** A write to the current sink failed: the exchange ended. Guarded by this. */
	private boolean sinkFailed;

	/**
	 * @param replayBudget what the channel's calls may keep together to send again
	 */
	StreamingRequestBody(ReplayBudget replayBudget) {
		this.replayBudget = replayBudget;
	}

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
		// OkHttp must not send it again by itself: only reopen() makes it whole again for a new stream.
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
			if (this.halfClosed || this.cancelled) {
				sink.close();
			}
			return;
		}
		// Only HTTP/2 refuses streams.
		stopKeepingFrames();
		try {
			while (!this.halfClosed && !this.cancelled && !this.sinkFailed) {
				wait();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for the request messages", ex);
		}
		if (this.cancelled || this.sinkFailed) {
			throw new IOException("the call was cancelled or failed while sending its request");
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
		keep(frame);
		if (this.sink == null) {
			this.pending.add(frame);
			return;
		}
		if (this.sinkFailed) {
			// Kept above in case the stream is sent again; otherwise the call is ending.
			return;
		}
		try {
			this.sink.write(frame);
			this.sink.flush();
		}
		catch (IOException ex) {
			// The exchange failed or ended; reading its response tells the call why.
			this.sinkFailed = true;
			notifyAll();
		}
	}

	private void keep(byte[] frame) {
		if (this.replay == null) {
			return;
		}
		if (this.replayBytes + frame.length > REPLAY_LIMIT_BYTES || !this.replayBudget.take(frame.length)) {
			stopKeepingFrames();
			return;
		}
		this.replayBytes += frame.length;
		this.replay.add(frame);
	}

	private void stopKeepingFrames() {
		if (this.replay != null) {
			this.replay = null;
			this.replayBudget.giveBack(this.replayBytes);
			this.replayBytes = 0;
		}
	}

	/**
	 * The response began: the server took the stream, which will not be sent again.
	 */
	synchronized void responseBegan() {
		stopKeepingFrames();
	}

	/**
	 * Makes the body ready to be sent again on a new stream, with every frame sent so far and
	 * the half-close if it came, after the server refused the stream that carried it; frames
	 * sent from now on follow them.
	 * @return whether it can be sent again: {@code false} when the response had begun, more
	 * had been sent than the body or its channel could keep, or the call was cancelled
	 */
	synchronized boolean reopen() {
		if (this.replay == null || this.cancelled) {
			return false;
		}
		this.sink = null;
		this.sinkFailed = false;
		this.pending.clear();
		this.pending.addAll(this.replay);
		return true;
	}

	/**
	 * Ends the body after the frames sent so far.
	 */
	synchronized void halfClose() {
		this.halfClosed = true;
		closeDuplexSink();
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
		stopKeepingFrames();
		closeDuplexSink();
		notifyAll();
	}

	/**
	 * Closes the sink of a duplex body. OkHttp ends a call, and lets its stream and connection
	 * go, only once both its request body and its response body are closed; a body left open
	 * when the call was cancelled would hold them until the call is collected as garbage. After
	 * a reset, closing sends nothing.
	 */
	private void closeDuplexSink() {
		if (this.sink != null && this.fullDuplex) {
			try {
				this.sink.close();
			}
			catch (IOException ex) {
				// As in send: the response reports the failure.
			}
		}
	}

}
