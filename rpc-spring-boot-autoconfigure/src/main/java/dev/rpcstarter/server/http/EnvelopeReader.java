package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * Reads a request stream of envelopes into a call, one message ahead of the service at most,
 * with the servlet container's non-blocking reads: no thread waits while the client is silent,
 * so a long client stream or bidirectional stream holds a request thread only while its bytes
 * arrive, not for its whole life.
 *
 * <p>The container calls {@link #onDataAvailable} when bytes arrive, on one of its threads.
 * The reader takes only the bytes of the envelope it is reading, and starts the next one only
 * once the call has delivered the last: a service that asks for messages slowly leaves the rest
 * in the container's buffer, and HTTP/2 flow control or TCP then slows the client down. When
 * the call has room again, reading resumes on a container thread.
 */
final class EnvelopeReader implements ReadListener {

	private final HttpServerCall<?, ?> call;

	private final ServletInputStream body;

	private final String encoding;

	private final int maxBytes;

	/** Runs reads that resume after a pause, on a container thread. */
	private final Executor resumer;

	/** Whether reading stopped because the call had no room: the call's room resumes it. */
	private final AtomicBoolean pausedForRoom = new AtomicBoolean();

	/** The prefix of the envelope being read. Guarded by this, as are the fields below. */
	private final byte[] prefix = new byte[Envelope.PREFIX_LENGTH];

	private int prefixRead;

	/** The payload of the envelope being read, once its prefix is whole. */
	private byte[] payload;

	private int payloadRead;

	/** The request ended, failed or was cut off by the call: nothing more to read. */
	private boolean done;

	private EnvelopeReader(HttpServerCall<?, ?> call, ServletInputStream body, String encoding, int maxBytes,
			Executor resumer) {
		this.call = call;
		this.body = body;
		this.encoding = encoding;
		this.maxBytes = maxBytes;
		this.resumer = resumer;
	}

	/**
	 * Reads what has arrived already, on the calling thread, and the rest as it arrives.
	 * @param call the call
	 * @param body the request body, of a request in async mode
	 * @param encoding the request's message encoding, or {@code null} for none
	 * @param maxBytes the largest message accepted, after decompression
	 * @param resumer runs a read that resumes after the call made room, on a container thread
	 */
	static void readInto(HttpServerCall<?, ?> call, ServletInputStream body, String encoding, int maxBytes,
			Executor resumer) {
		EnvelopeReader reader = new EnvelopeReader(call, body, encoding, maxBytes, resumer);
		call.onRoomForMessage(reader::resume);
		// Most request streams have arrived whole by now (those of unary calls and server
		// streams): reading them here saves the dispatch that a read listener costs.
		synchronized (reader) {
			// Held while the listener is set, so that a read that resumes meanwhile waits for it.
			if (!reader.read(false)) {
				body.setReadListener(reader);
			}
		}
	}

	@Override
	public void onDataAvailable() {
		read(true);
	}

	@Override
	public void onAllDataRead() {
		read(true);
	}

	@Override
	public void onError(Throwable error) {
		synchronized (this) {
			this.done = true;
		}
		this.call.cancel(Status.CANCELLED.withDescription("the client went away while sending"));
	}

	private void resume() {
		if (this.pausedForRoom.compareAndSet(true, false)) {
			this.resumer.execute(() -> read(true));
		}
	}

	/**
	 * Reads what the container holds, envelope by envelope, until it holds no more, the call has
	 * no room, or the request ends.
	 * @param listening whether this reader is the body's read listener, which reads what
	 * {@link ServletInputStream#isReady()} allows; before, it reads only what
	 * {@link ServletInputStream#available()} says has arrived
	 * @return whether reading is over
	 */
	private synchronized boolean read(boolean listening) {
		try {
			while (!this.done) {
				if (!this.call.wantsMessages()) {
					this.done = true;
					break;
				}
				if (this.prefixRead == 0 && !this.call.hasRoomForMessage() && pause()) {
					return false;
				}
				// Checked before isReady(), which at the end of the request only says false.
				if (this.body.isFinished()) {
					end();
					break;
				}
				if (listening ? !this.body.isReady() : this.body.available() <= 0) {
					// A listener's onDataAvailable or onAllDataRead comes next.
					return false;
				}
				readSome();
			}
		}
		catch (StatusRuntimeException ex) {
			this.done = true;
			this.call.cancel(ex.getStatus());
		}
		catch (IOException ex) {
			this.done = true;
			this.call.cancel(Status.CANCELLED.withDescription("the client went away while sending"));
		}
		return true;
	}

	/**
	 * Stops reading until the call has room, unless it made room meanwhile.
	 * @return whether reading stops
	 */
	private boolean pause() {
		this.pausedForRoom.set(true);
		// The call may have made room before it could see the pause: then read on here.
		return !this.call.hasRoomForMessage() || !this.pausedForRoom.compareAndSet(true, false);
	}

	/** Reads the next bytes of the envelope under way, and hands it over once it is whole. */
	private void readSome() throws IOException {
		if (this.payload == null) {
			int n = this.body.read(this.prefix, this.prefixRead, this.prefix.length - this.prefixRead);
			if (n < 0) {
				end();
				return;
			}
			this.prefixRead += n;
			if (this.prefixRead < this.prefix.length) {
				return;
			}
			this.payload = new byte[Envelope.payloadLength(this.prefix, this.maxBytes)];
			this.payloadRead = 0;
		}
		else {
			int n = this.body.read(this.payload, this.payloadRead, this.payload.length - this.payloadRead);
			if (n < 0) {
				end();
				return;
			}
			this.payloadRead += n;
		}
		if (this.payloadRead == this.payload.length) {
			Envelope envelope = new Envelope(this.prefix[0], this.payload);
			this.prefixRead = 0;
			this.payload = null;
			this.call.receiveMessage(envelope.has(Envelope.COMPRESSED) ? decompress(envelope) : envelope.payload());
		}
	}

	/** The request ended: between envelopes it is the client's half-close, inside one a truncated stream. */
	private void end() {
		this.done = true;
		if (this.prefixRead > 0) {
			this.call.cancel(Envelope.truncated().getStatus());
		}
		else {
			this.call.receiveHalfClose();
		}
	}

	private byte[] decompress(Envelope envelope) throws IOException {
		if (Compression.isIdentity(this.encoding)) {
			throw Status.INTERNAL.withDescription("a message is flagged compressed but the stream declares no encoding")
				.asRuntimeException();
		}
		return Compression.readMessage(new ByteArrayInputStream(envelope.payload()), this.encoding, this.maxBytes);
	}

}
