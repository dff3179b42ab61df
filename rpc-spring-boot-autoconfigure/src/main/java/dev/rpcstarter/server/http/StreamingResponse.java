package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 * gRPC and gRPC-Web, told apart by their {@link StreamFraming}.
 *
 * <p>Writes are blocking and run one at a time, in order, on the thread that sends (a
 * {@link SerialExecutor} over the caller's thread): a service that streams to a slow client
 * is held up by it rather than piling messages up in memory. A thread that finds another one
 * writing queues its bytes and returns, so that a deadline or a cancellation never waits for
 * a slow client; {@link #isReady()} turns false while more than a small amount is queued, and
 * the service hears {@code onReady} when the queue drains.
 */
final class StreamingResponse<RespT> implements CallResponse<RespT> {

	private static final Log logger = LogFactory.getLog(StreamingResponse.class);

	/** Queued bytes above which the call reports not ready, as grpc-java's transports do. */
	private static final int READY_THRESHOLD = 32 * 1024;

	/** Smaller messages are not worth compressing. */
	private static final int MIN_COMPRESSED_SIZE = 1024;

	private final AsyncExchange exchange;

	private final HttpServletResponse http;

	private final MessageCodec<RespT> codec;

	private final StreamFraming framing;

	/** {@code gzip} when the client accepts it, else {@code null}. */
	private final String messageEncoding;

	private final SerialExecutor writes = new SerialExecutor(MoreExecutors.directExecutor());

	private final AtomicLong queuedBytes = new AtomicLong();

	private final AtomicBoolean reportedNotReady = new AtomicBoolean();

	private volatile HttpServerCall<?, RespT> call;

	/** Touched only by tasks on {@link #writes}. */
	private boolean headersWritten;

	/** Touched only by tasks on {@link #writes}: the client is gone, write nothing more. */
	private boolean broken;

	StreamingResponse(AsyncExchange exchange, MessageCodec<RespT> codec, StreamFraming framing,
			boolean clientAcceptsGzip) {
		this.exchange = exchange;
		this.http = exchange.response();
		this.codec = codec;
		this.framing = framing;
		this.messageEncoding = clientAcceptsGzip ? "gzip" : null;
	}

	@Override
	public void attach(HttpServerCall<?, RespT> call) {
		this.call = call;
	}

	@Override
	public void sendHeaders(Metadata headers) {
		this.writes.execute(() -> write(() -> {
			writeHeadersOnce(headers);
			this.http.flushBuffer();
		}));
	}

	@Override
	public void sendMessage(RespT message) {
		byte[] payload = this.codec.encode(message);
		int flags = 0;
		if (this.messageEncoding != null && payload.length >= MIN_COMPRESSED_SIZE) {
			payload = Compression.gzip(payload);
			flags = Envelope.COMPRESSED;
		}
		byte[] frame = this.framing.frame(new Envelope(flags, payload));
		this.queuedBytes.addAndGet(frame.length);
		this.writes.execute(() -> {
			try {
				write(() -> {
					writeHeadersOnce(new Metadata());
					this.http.getOutputStream().write(frame);
					this.http.flushBuffer();
				});
			}
			finally {
				long queued = this.queuedBytes.addAndGet(-frame.length);
				if (queued < READY_THRESHOLD && this.reportedNotReady.compareAndSet(true, false)) {
					this.call.notifyReady();
				}
			}
		});
	}

	@Override
	public void close(Status status, Metadata trailers) {
		this.writes.execute(() -> {
			try {
				write(() -> this.framing.end(this.http, status, trailers, this.headersWritten));
			}
			finally {
				this.exchange.complete();
			}
		});
	}

	@Override
	public boolean isReady() {
		if (this.queuedBytes.get() < READY_THRESHOLD) {
			return true;
		}
		this.reportedNotReady.set(true);
		return false;
	}

	private void writeHeadersOnce(Metadata headers) {
		if (!this.headersWritten) {
			this.headersWritten = true;
			this.framing.writeHeaders(this.http, headers, this.messageEncoding);
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
