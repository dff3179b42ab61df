package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.InputStream;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * One length-prefixed message as gRPC, gRPC-Web and Connect streaming frame it: a flags byte,
 * a four-byte big-endian length, then that many bytes.
 *
 * @param flags the flags byte: {@link #COMPRESSED}, and per protocol an end-of-stream or
 * trailers bit
 * @param payload the message bytes, compressed when the flag says so
 */
public record Envelope(int flags, byte[] payload) {

	/** The payload is compressed with the stream's message encoding. */
	public static final int COMPRESSED = 0x01;

	/** Connect: the last envelope of a response, holding the end-of-stream JSON. */
	public static final int CONNECT_END_STREAM = 0x02;

	/** gRPC-Web: the last frame of a response, holding the trailers. */
	public static final int GRPC_WEB_TRAILERS = 0x80;

	/** Bytes before the payload. */
	public static final int PREFIX_LENGTH = 5;

	/**
	 * Whether a flag is set.
	 * @param flag one of the flag constants
	 * @return whether it is set
	 */
	public boolean has(int flag) {
		return (this.flags & flag) != 0;
	}

	/**
	 * The envelope as bytes on the wire.
	 * @return prefix and payload
	 */
	public byte[] toBytes() {
		byte[] bytes = new byte[PREFIX_LENGTH + this.payload.length];
		bytes[0] = (byte) this.flags;
		int length = this.payload.length;
		bytes[1] = (byte) (length >>> 24);
		bytes[2] = (byte) (length >>> 16);
		bytes[3] = (byte) (length >>> 8);
		bytes[4] = (byte) length;
		System.arraycopy(this.payload, 0, bytes, PREFIX_LENGTH, length);
		return bytes;
	}

	/**
	 * Reads the next envelope, refusing one whose declared length is over the limit before
	 * reading its payload.
	 * @param in the stream
	 * @param maxBytes the largest payload accepted
	 * @return the envelope, or {@code null} when the stream ends cleanly between envelopes
	 * @throws IOException when the stream cannot be read
	 * @throws io.grpc.StatusRuntimeException {@code RESOURCE_EXHAUSTED} for a payload over the
	 * limit, {@code INVALID_ARGUMENT} for a stream that ends inside an envelope
	 */
	public static Envelope read(InputStream in, int maxBytes) throws IOException {
		int flags = in.read();
		if (flags < 0) {
			return null;
		}
		byte[] prefix = new byte[PREFIX_LENGTH];
		readFully(in, prefix, 1);
		byte[] payload = new byte[payloadLength(prefix, maxBytes)];
		readFully(in, payload, 0);
		return new Envelope(flags, payload);
	}

	/**
	 * The payload length an envelope's prefix declares, refused when it is over the limit.
	 * @param prefix the prefix's {@link #PREFIX_LENGTH} bytes
	 * @param maxBytes the largest payload accepted
	 * @return the length
	 * @throws io.grpc.StatusRuntimeException {@code RESOURCE_EXHAUSTED} for a length over the limit
	 */
	public static int payloadLength(byte[] prefix, int maxBytes) {
		long length = ((prefix[1] & 0xFFL) << 24) | ((prefix[2] & 0xFF) << 16) | ((prefix[3] & 0xFF) << 8)
				| (prefix[4] & 0xFF);
		if (length > maxBytes) {
			throw Compression.tooLarge(maxBytes);
		}
		return (int) length;
	}

	/**
	 * Fills {@code bytes} from {@code from} on. Unlike {@link InputStream#readNBytes(int)} this
	 * never asks for zero bytes once it has them all: a servlet container may block on such a
	 * read until the client sends more, which in a bidirectional stream it will not do before it
	 * has the server's answer.
	 */
	private static void readFully(InputStream in, byte[] bytes, int from) throws IOException {
		for (int read = from; read < bytes.length;) {
			int n = in.read(bytes, read, bytes.length - read);
			if (n < 0) {
				throw truncated();
			}
			read += n;
		}
	}

	/**
	 * The error of a stream that ends inside an envelope.
	 * @return {@code INVALID_ARGUMENT}
	 */
	public static StatusRuntimeException truncated() {
		return Status.INVALID_ARGUMENT.withDescription("the stream ended inside a message envelope")
			.asRuntimeException();
	}

}
