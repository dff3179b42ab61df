package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Splits a stream of JSON values, such as newline-delimited JSON, into the values, as the bytes
 * arrive: the body of a REST request that streams messages. It finds where each value ends
 * without parsing it (the codec that reads the value does that), so values may be separated by
 * any whitespace, or by none when brackets or quotes end them, and may span lines.
 *
 * <p>Objects, arrays and strings end at their closing character; any other value (a number,
 * {@code true}, {@code false}, {@code null}, which a message of a wrapper type may be) ends at
 * whitespace, at the start of another value, or at the end of the stream. It holds at most the
 * value under way and the bytes of one read after it.
 *
 * <p>Whitespace between values is limited like a value: a body that a little gzip inflates to
 * gigabytes of it would otherwise cost the server seconds of CPU time for nothing.
 */
public final class JsonValueSplitter {

	private static final int READ_SIZE = 8192;

	private final int maxBytes;

	private byte[] buffer = new byte[READ_SIZE];

	/** Where the bytes held end. */
	private int length;

	/** How far the bytes held have been scanned. */
	private int scanned;

	/** Where the value under way begins, or -1 between values. */
	private int start = -1;

	/** How many objects and arrays of the value under way are open. */
	private int depth;

	private boolean inString;

	private boolean escaped;

	/** Whether the value under way is a bare literal: a number, true, false or null. */
	private boolean inLiteral;

	/** How many whitespace bytes have been scanned since the last value ended. */
	private int whitespaceRun;

	/**
	 * @param maxBytes the largest value accepted
	 */
	public JsonValueSplitter(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Reads some bytes after those held.
	 * @param in the stream, which must have bytes to read or be at its end
	 * @return the number of bytes read, or -1 at the end of the stream
	 * @throws IOException when the stream cannot be read
	 */
	public int readFrom(InputStream in) throws IOException {
		makeRoom();
		int n = in.read(this.buffer, this.length, this.buffer.length - this.length);
		if (n > 0) {
			this.length += n;
		}
		return n;
	}

	/**
	 * Takes the next whole value out of the bytes held.
	 * @return the value's bytes, or {@code null} when no value held is whole yet
	 * @throws StatusRuntimeException {@code RESOURCE_EXHAUSTED} for a value, or whitespace
	 * between values, over the limit; {@code INVALID_ARGUMENT} for a closing bracket outside
	 * any value
	 */
	public byte[] next() {
		for (; this.scanned < this.length; this.scanned++) {
			byte b = this.buffer[this.scanned];
			if (this.start < 0) {
				begin(b);
			}
			else if (this.inString) {
				if (this.escaped) {
					this.escaped = false;
				}
				else if (b == '\\') {
					this.escaped = true;
				}
				else if (b == '"') {
					this.inString = false;
					if (this.depth == 0) {
						return take(this.scanned + 1);
					}
				}
			}
			else if (this.inLiteral) {
				if (isWhitespace(b) || b == '{' || b == '[' || b == '"') {
					// Ends before this byte, which the next call scans again.
					return take(this.scanned);
				}
			}
			else if (b == '"') {
				this.inString = true;
			}
			else if (b == '{' || b == '[') {
				this.depth++;
			}
			else if ((b == '}' || b == ']') && --this.depth == 0) {
				return take(this.scanned + 1);
			}
			checkSize();
		}
		return null;
	}

	/**
	 * Ends the stream: the value under way, if the stream may end there.
	 * @return a last bare literal, or {@code null} when the stream ended between values
	 * @throws StatusRuntimeException {@code INVALID_ARGUMENT} when it ended inside an object,
	 * an array or a string
	 */
	public byte[] end() {
		if (this.start < 0) {
			return null;
		}
		if (this.inLiteral) {
			return take(this.length);
		}
		throw Status.INVALID_ARGUMENT.withDescription("the body ended inside a JSON value").asRuntimeException();
	}

	/**
	 * Whether a value has begun that is not yet whole, as far as the bytes held were scanned.
	 * @return whether a value is under way
	 */
	public boolean inValue() {
		return this.start >= 0;
	}

	private void begin(byte b) {
		if (isWhitespace(b)) {
			if (++this.whitespaceRun > this.maxBytes) {
				throw Status.RESOURCE_EXHAUSTED
					.withDescription("the whitespace between values is longer than the limit of " + this.maxBytes + " bytes")
					.asRuntimeException();
			}
			return;
		}
		this.whitespaceRun = 0;
		if (b == '}' || b == ']') {
			throw Status.INVALID_ARGUMENT.withDescription("the body has a '" + (char) b + "' outside any JSON value")
				.asRuntimeException();
		}
		this.start = this.scanned;
		this.inString = b == '"';
		this.inLiteral = !this.inString && b != '{' && b != '[';
		this.depth = (b == '{' || b == '[') ? 1 : 0;
	}

	private void checkSize() {
		if (this.start >= 0 && this.scanned + 1 - this.start > this.maxBytes) {
			throw Compression.tooLarge(this.maxBytes);
		}
	}

	private byte[] take(int end) {
		byte[] value = Arrays.copyOfRange(this.buffer, this.start, end);
		this.scanned = end;
		this.start = -1;
		this.inLiteral = false;
		return value;
	}

	/**
	 * Moves the bytes still needed (the value under way, and those not yet scanned) to the
	 * front, and grows the buffer when a read would not fit a useful amount after them.
	 */
	private void makeRoom() {
		int keepFrom = (this.start >= 0) ? this.start : this.scanned;
		if (keepFrom > 0) {
			System.arraycopy(this.buffer, keepFrom, this.buffer, 0, this.length - keepFrom);
			this.length -= keepFrom;
			this.scanned -= keepFrom;
			if (this.start >= 0) {
				this.start = 0;
			}
		}
		if (this.buffer.length - this.length < READ_SIZE / 2) {
			this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
		}
	}

	private static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

}
