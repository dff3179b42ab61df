package dev.rpcstarter.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.protocol.MessageCodec;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A response that streams enveloped messages as the service sends them: Connect streaming,
 * gRPC, gRPC-Web and REST's lines, told apart by their {@link StreamFraming}.
 *
 * <p>Writes are blocking and run one at a time, in order, on the thread that sends (a
 * {@link SerialExecutor} over the caller's thread): a service that streams to a slow client
 * is held up by it rather than piling messages up in memory. A thread that finds another one
 * writing queues its bytes and returns, so that a deadline or a cancellation never waits for
 * a slow client; {@link #isReady()} turns false while more than a small amount is queued, and
 * the service hears {@code onReady} when the queue drains.
 *
 * <p>What a service sends from inside one of the call's listener callbacks (typically a loop
 * of {@code onNext} in {@code onHalfClose}) is written at once but flushed only when the
 * callback returns, or {@link HeldFlushes#DELAY_NANOS} later if it is still running: such a
 * loop costs one socket write (and one HTTP/1.1 chunk) rather than one per message, much as
 * grpc-java's Netty transport coalesces flushes. The servlet response still writes out on
 * its own whenever its buffer fills. A held flush that the timer runs may find a slow client
 * and keep the writes busy, so a callback that sends meanwhile waits for its message to be
 * written, as if it had written it itself. What other threads send is flushed at once:
 * nothing would tell the response that they have finished a batch.
 */
final class StreamingResponse<RespT> implements CallResponse<RespT> {

	private static final Log logger = LogFactory.getLog(StreamingResponse.class);

	/** Queued bytes above which the call reports not ready, as grpc-java's transports do. */
	private static final int READY_THRESHOLD = 32 * 1024;

	private final AsyncExchange exchange;

	private final HttpServletResponse http;

	private final MessageCodec<RespT> codec;

	private final StreamFraming framing;

	private final CallCompression compression;

	private final HeldFlushes heldFlushes;

	/** Whether messages are compressed in their envelopes, rather than the body by the framing. */
	private final boolean compressesMessages;

	/**
	 * Whether the response is a unary call's, which is flushed only by the completion of the
	 * exchange (see {@link #flush}).
	 */
	private final boolean unary;

	private final SerialExecutor writes = new SerialExecutor(MoreExecutors.directExecutor());

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean reportedNotReady = new AtomicBoolean();

	private volatile HttpServerCall<?, RespT> call;

	/** Touched only by tasks on {@link #writes}. */
	private boolean headersWritten;

	/** Touched only by tasks on {@link #writes}: where frames go, once the headers are written. */
	private OutputStream body;

	/** Touched only by tasks on {@link #writes}: the client is gone, write nothing more. */
	private boolean broken;

	/** Touched only by tasks on {@link #writes}: written bytes wait for a flush. */
	private boolean flushHeld;

	/** Touched only by tasks on {@link #writes}: the timer of the held flush, if set. */
	private ScheduledFuture<?> heldFlushTimer;

	/**
	 * Touched only by the call's listener callbacks, which run one at a time: the running
	 * callback sent something whose flush it held back.
	 */
	private boolean sentInCallback;

	/**
	 * @param exchange the request and its response
	 * @param codec writes the response messages
	 * @param framing the protocol's framing
	 * @param compression the call's compression
	 * @param heldFlushes runs flushes held back too long
	 * @param unary whether the call is unary
	 */
	StreamingResponse(AsyncExchange exchange, MessageCodec<RespT> codec, StreamFraming framing,
			CallCompression compression, HeldFlushes heldFlushes, boolean unary) {
		this.exchange = exchange;
		this.unary = unary;
		this.http = exchange.response();
		this.codec = codec;
		this.framing = framing;
		this.compression = compression;
		this.heldFlushes = heldFlushes;
		this.compressesMessages = framing.compressesMessages();
	}

	@Override
	public CallCompression compression() {
		return this.compression;
	}

	@Override
	public void attach(HttpServerCall<?, RespT> call) {
		this.call = call;
	}

	@Override
	public void sendHeaders(Metadata headers) {
		boolean holdFlush = holdFlush();
		this.writes.execute(() -> write(() -> {
			writeHeadersOnce(headers);
			flush(holdFlush);
		}));
	}

	@Override
	public void sendMessage(RespT message) {
		byte[] payload = this.codec.encode(message);
		int flags = 0;
		if (this.compressesMessages && this.compression.compresses(payload.length)) {
			payload = Compression.gzip(payload);
			flags = Envelope.COMPRESSED;
		}
		byte[] frame = this.framing.frame(new Envelope(flags, payload));
		boolean holdFlush = holdFlush();
		this.queuedBytes.addAndGet(frame.length);
		FutureTask<Void> written = new FutureTask<>(() -> {
			try {
				write(() -> {
					writeHeadersOnce(new Metadata());
					this.body.write(frame);
					flush(holdFlush);
				});
			}
			finally {
				long queued = this.queuedBytes.addAndGet(-frame.length);
				if (queued < READY_THRESHOLD && this.reportedNotReady.compareAndSet(true, false)) {
					this.call.notifyReady();
				}
			}
		}, null);
		this.writes.execute(written);
		if (holdFlush && !written.isDone() && !this.writes.drainsOnCurrentThread()) {
			// Another thread (the held-flush worker, a closer) runs the writes: wait for this
			// one, so that a slow client still holds back a service that loops in its callback
			// and ignores isReady. That thread never waits for this one: this thread holds the
			// call's events, so no service code runs on it meanwhile.
			Futures.getUnchecked(written);
		}
	}

	@Override
	public void close(Status status, Metadata trailers) {
		this.writes.execute(() -> {
			try {
				cancelHeldFlush();
				write(() -> this.framing.end(this.http, status, trailers, this.headersWritten));
			}
			finally {
				this.exchange.complete();
			}
		});
	}

	/**
	 * Whether what is sent now is flushed later: when a callback of the call sends it, which
	 * then has its flush to release when it returns.
	 */
	private boolean holdFlush() {
		boolean inCallback = this.call.inCallback();
		if (inCallback) {
			this.sentInCallback = true;
		}
		return inCallback;
	}

	/** Queues the held flush only after a callback that sent: most callbacks send nothing. */
	@Override
	public void callbackReturned() {
		if (this.sentInCallback) {
			this.sentInCallback = false;
			this.writes.execute(this::flushHeld);
		}
	}

	@Override
	public boolean isReady() {
		if (this.queuedBytes.get() < READY_THRESHOLD) {
			return true;
		}
		this.reportedNotReady.set(true);
		return false;
	}

	private void writeHeadersOnce(Metadata headers) throws IOException {
		if (!this.headersWritten) {
			this.headersWritten = true;
			String messageEncoding = this.compression.messageEncoding();
			this.framing.writeHeaders(this.http, headers, messageEncoding);
			this.body = this.framing.body(this.http, this.compression);
		}
	}

	/**
	 * Runs on {@link #writes}, inside a write: flushes now, or holds the flush back for the
	 * callback that sends to return, with a timer in case it does not return soon.
	 *
	 * <p>A unary call's response is not flushed here at all: the container sends it when the
	 * exchange completes, headers, message and the end of the stream together, as it sends a
	 * Connect unary response. That saves two flushed writes a call, and keeps the answer from
	 * reaching a client in parts that it may cancel in between (a hedged copy that lost): over
	 * HTTP/2, OkHttp answers a frame of a stream it has reset with a second reset, and Tomcat
	 * (10.1.48 to 10.1.55, at least) takes that one as a stream error and forgets the stream
	 * while its completion is still to be processed, which then never is: the request stays
	 * in progress for good, and a graceful shutdown waits for it until its timeout.
	 */
	private void flush(boolean hold) throws IOException {
		if (this.unary) {
			return;
		}
		if (!hold) {
			cancelHeldFlush();
			this.http.flushBuffer();
			return;
		}
		this.flushHeld = true;
		if (this.heldFlushTimer == null) {
			this.heldFlushTimer = this.heldFlushes.schedule(() -> this.writes.execute(this::flushHeld));
		}
	}

	/** Runs on {@link #writes}: flushes what a callback wrote and held back, if anything. */
	private void flushHeld() {
		if (this.flushHeld) {
			write(() -> flush(false));
		}
	}

	/** Runs on {@link #writes}, before a flush that sends whatever was held back. */
	private void cancelHeldFlush() {
		this.flushHeld = false;
		if (this.heldFlushTimer != null) {
			this.heldFlushTimer.cancel(false);
			this.heldFlushTimer = null;
		}
	}

	/** Runs a write unless the client is already gone; a failed write means it has gone. */
	private void write(AsyncExchange.ResponseWrite write) {
		if (this.broken) {
			return;
		}
		try {
			this.exchange.write(write);
		}
		catch (IOException | RuntimeException ex) {
			this.broken = true;
			logger.debug("Could not write to the client; cancelling the call", ex);
			if (this.call != null) {
				this.call.cancel(Status.CANCELLED.withDescription("the client went away"));
			}
		}
	}

}
