package dev.rpcstarter.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.NonBlockingGzipInputStream;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A request body that is one message, whole: what a Connect unary call and a REST route of a
 * unary or server-streaming method send. The message is whole only at the body's end. A
 * gzipped body is decompressed as it arrives, and the size limit applies to what it
 * decompresses to, so a body that inflates to a lot is refused before it is held.
 */
final class WholeBodyRequestFraming implements RequestFraming {

	/** The room taken first for a body of undeclared length, grown by doubling. */
	private static final int FIRST_CAPACITY = 8192;

	private final int maxBytes;

	/** Decompresses the body, or {@code null} for a body sent as it is. */
	private final NonBlockingGzipInputStream gzip;

	/** The length of an uncompressed body as declared, or -1. */
	private final long declaredLength;

	private byte[] bytes;

	private int length;

	private WholeBodyRequestFraming(int maxBytes, long declaredLength, NonBlockingGzipInputStream gzip) {
		this.maxBytes = maxBytes;
		this.declaredLength = declaredLength;
		// Room for exactly the declared length, where the container will end the body; else
		// room to grow, never past one byte over the limit.
		this.bytes = new byte[(declaredLength >= 0) ? (int) declaredLength : Math.min(FIRST_CAPACITY, maxBytes + 1)];
		this.gzip = gzip;
	}

	/**
	 * The framing of a request's body, once its encoding and declared length are checked.
	 * @param request the request
	 * @param maxBytes the largest message accepted, after decompression
	 * @return the framing, which holds an inflater for a gzipped body until {@link #end} or
	 * {@link #close}
	 * @throws io.grpc.StatusRuntimeException with {@code UNIMPLEMENTED} for an unknown encoding,
	 * {@code RESOURCE_EXHAUSTED} for an uncompressed body declared longer than the limit,
	 * refused before a byte of it is read
	 * @throws IOException when the body cannot be opened
	 */
	static WholeBodyRequestFraming of(HttpServletRequest request, int maxBytes) throws IOException {
		String encoding = request.getHeader("Content-Encoding");
		HttpRequests.checkEncoding(encoding);
		if (!Compression.isIdentity(encoding)) {
			return new WholeBodyRequestFraming(maxBytes, -1, new NonBlockingGzipInputStream(request.getInputStream()));
		}
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			throw Compression.tooLarge(maxBytes);
		}
		return new WholeBodyRequestFraming(maxBytes, declared, null);
	}

	/**
	 * Reads what has arrived of the body, without waiting for more.
	 * @param body the body, in blocking mode
	 * @return whether the message is whole, so that {@link #end} gives it: the body has ended,
	 * or reached its declared length, past which the container reads nothing
	 * @throws IOException when the body cannot be read
	 * @throws io.grpc.StatusRuntimeException when the message is too large or its gzip broken
	 */
	boolean readArrived(ServletInputStream body) throws IOException {
		while (true) {
			decompressHeld();
			// A body of declared length ends there; asking the container costs a call per request.
			if (this.length == this.declaredLength || (this.declaredLength < 0 && body.isFinished())) {
				return true;
			}
			if (body.available() <= 0) {
				return false;
			}
			if (!read(body)) {
				return true;
			}
		}
	}

	@Override
	public boolean read(ServletInputStream body) throws IOException {
		return readFrom((this.gzip != null) ? this.gzip : body) >= 0;
	}

	private int readFrom(InputStream source) throws IOException {
		if (this.length == this.bytes.length) {
			// One byte past the limit tells an oversized message from one of exactly the limit.
			int capacity = Math.min(Math.max(2 * this.length, FIRST_CAPACITY), this.maxBytes + 1);
			this.bytes = Arrays.copyOf(this.bytes, capacity);
		}
		int n = source.read(this.bytes, this.length, this.bytes.length - this.length);
		if (n > 0) {
			this.length += n;
			if (this.length > this.maxBytes) {
				throw Compression.tooLarge(this.maxBytes);
			}
		}
		return n;
	}

	/**
	 * Decompresses the compressed bytes held, since the reader reads the body again, or ends
	 * it, only when this answers {@code null}: the message is whole only at the body's end.
	 */
	@Override
	public byte[] nextMessage() throws IOException {
		decompressHeld();
		return null;
	}

	/** Always: the body is read on to its end, whatever room the call has. */
	@Override
	public boolean inMessage() {
		return true;
	}

	@Override
	public byte[] end() {
		if (this.gzip != null) {
			this.gzip.end();
		}
		return (this.length == this.bytes.length) ? this.bytes : Arrays.copyOf(this.bytes, this.length);
	}

	/** Frees the inflater of a gzipped body that will not be read to its end. */
	void close() {
		if (this.gzip != null) {
			this.gzip.close();
		}
	}

	private void decompressHeld() throws IOException {
		while (this.gzip != null && this.gzip.holdsInput() && readFrom(this.gzip) > 0) {
			// Each pass decompresses at most the room left, which grows up to the limit.
		}
	}

}
