package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Decompresses gzip data as it arrives, for a reader that must not wait for the client: a
 * request body read with a servlet container's non-blocking reads. A read decompresses what
 * this stream holds, and reads the compressed stream only when it holds nothing, once at most;
 * so it may return 0 (the bytes read were part of a header). The caller reads only when the
 * compressed stream has bytes ready, and first uses up what this stream holds
 * ({@link #holdsInput()}), since bytes held give more without anything new arriving. Over a
 * blocking stream it is an ordinary gzip stream.
 *
 * <p>It holds one read of compressed bytes, and decompresses at most what the caller's buffer
 * takes: a small body that inflates to a lot is handed over a buffer at a time, for the caller
 * to limit. Members may follow each other, as in {@code cat a.gz b.gz}; the header's optional
 * fields are skipped and its CRC16 checked, and each member's trailer is checked against the
 * CRC32 and the size of its data.
 *
 * <p>Its methods lock, so that {@link #close()} may free the inflater from another thread, such
 * as that of a call that ends while the client still sends.
 */
public final class NonBlockingGzipInputStream extends InputStream {

	private static final int READ_SIZE = 8192;

	private static final int FHCRC = 0x02;

	private static final int FEXTRA = 0x04;

	private static final int FNAME = 0x08;

	private static final int FCOMMENT = 0x10;

	private static final int RESERVED_FLAGS = 0xe0;

	private final InputStream compressed;

	private final Inflater inflater = new Inflater(true);

	/** The CRC32 of the member's data so far. */
	private final CRC32 dataCrc = new CRC32();

	/** The CRC32 of the member's header so far, whose low 16 bits FHCRC holds. */
	private final CRC32 headerCrc = new CRC32();

	private final byte[] input = new byte[READ_SIZE];

	/** Where the bytes held that neither the header, the trailer nor the inflater took begin. */
	private int position;

	/** Where the bytes held end. */
	private int limit;

	private Part part = Part.FIXED_HEADER;

	/** The member's header flags. */
	private int flags;

	/** Bytes of the part under way taken so far, for the parts of fixed length. */
	private int count;

	/** The little-endian number the part under way gathers. */
	private long value;

	/** Bytes of the header's extra field still to skip. */
	private int extraLeft;

	/** The last inflation filled the caller's buffer: the inflater may hold more output. */
	private boolean outputPending;

	/** Whether a member has ended: the data may end between members, not before the first. */
	private boolean memberRead;

	private boolean closed;

	/**
	 * @param compressed the gzip data, which this stream does not close
	 */
	public NonBlockingGzipInputStream(InputStream compressed) {
		this.compressed = compressed;
	}

	/**
	 * Decompresses what this stream holds; only when it holds nothing, reads the compressed
	 * stream once and decompresses what that gave.
	 * @return the number of bytes decompressed, 0 when the bytes held or read gave none yet,
	 * or -1 at the end of the compressed stream
	 * @throws StatusRuntimeException {@code INVALID_ARGUMENT} when the data is not valid gzip,
	 * or ends inside a member
	 * @throws IOException when the compressed stream cannot be read, or this one is closed
	 */
	@Override
	public synchronized int read(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		if (this.closed) {
			throw new IOException("the gzip stream is closed");
		}
		if (len == 0) {
			return 0;
		}
		if (holdsInput()) {
			return decompress(b, off, len);
		}
		int read = this.compressed.read(this.input, 0, this.input.length);
		if (read < 0) {
			checkWhole();
			return -1;
		}
		this.position = 0;
		this.limit = read;
		return decompress(b, off, len);
	}

	/**
	 * Reads one byte, reading the compressed stream for as long as it takes: only for a
	 * compressed stream that blocks.
	 */
	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int read;
		do {
			read = read(one, 0, 1);
		}
		while (read == 0);
		return (read < 0) ? -1 : one[0] & 0xff;
	}

	/**
	 * Whether this stream holds bytes that may decompress to more without reading the
	 * compressed stream: the caller reads on before it waits for more to arrive.
	 * @return whether a read would decompress bytes already held
	 */
	public synchronized boolean holdsInput() {
		if (this.closed) {
			return false;
		}
		return this.position < this.limit
				|| (this.part == Part.DATA && (!this.inflater.needsInput() || this.outputPending));
	}

	/**
	 * Ends this stream once the compressed stream has ended: frees the inflater, and checks
	 * that the data ended after a whole member.
	 * @throws StatusRuntimeException {@code INVALID_ARGUMENT} when it ended inside a member,
	 * or before any
	 */
	public synchronized void end() {
		close();
		checkWhole();
	}

	/**
	 * Frees the inflater, whatever state the data is in. Reads fail from now on; the
	 * compressed stream is left open.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		this.inflater.end();
	}

	/**
	 * Takes the bytes held through headers, deflate data and trailers until some bytes come
	 * out or none are left.
	 */
	private int decompress(byte[] b, int off, int len) {
		while (true) {
			if (this.part == Part.DATA) {
				int inflated = inflate(b, off, len);
				if (inflated > 0) {
					return inflated;
				}
				if (this.part == Part.DATA) {
					return 0;
				}
			}
			else if (this.position < this.limit) {
				take(this.input[this.position++] & 0xff);
			}
			else {
				return 0;
			}
		}
	}

	/** Inflates the bytes held; at the end of the member's data, moves on to its trailer. */
	private int inflate(byte[] b, int off, int len) {
		if (this.inflater.needsInput() && this.position < this.limit) {
			this.inflater.setInput(this.input, this.position, this.limit - this.position);
			this.position = this.limit;
		}
		int inflated;
		try {
			inflated = this.inflater.inflate(b, off, len);
		}
		catch (DataFormatException ex) {
			throw Compression.notGzip(ex.getMessage());
		}
		this.dataCrc.update(b, off, inflated);
		this.outputPending = inflated == len;
		if (this.inflater.finished()) {
			// What the inflater did not take is the trailer, and perhaps the next member.
			this.position = this.limit - this.inflater.getRemaining();
			this.outputPending = false;
			this.part = Part.TRAILER;
		}
		return inflated;
	}

	/** Takes one byte of a member's header or trailer. */
	private void take(int b) {
		if (this.part != Part.HEADER_CRC && this.part != Part.TRAILER) {
			this.headerCrc.update(b);
		}
		switch (this.part) {
			case FIXED_HEADER -> takeFixedHeader(b);
			case EXTRA_LENGTH -> {
				if (gather(b, 2)) {
					this.extraLeft = (int) this.value;
					this.part = (this.extraLeft > 0) ? Part.EXTRA : after(Part.EXTRA);
				}
			}
			case EXTRA -> {
				if (--this.extraLeft == 0) {
					this.part = after(Part.EXTRA);
				}
			}
			case NAME, COMMENT -> {
				if (b == 0) {
					this.part = after(this.part);
				}
			}
			case HEADER_CRC -> {
				if (gather(b, 2)) {
					if (this.value != (this.headerCrc.getValue() & 0xffff)) {
						throw Compression.notGzip("its header's CRC16 does not match");
					}
					this.part = Part.DATA;
				}
			}
			case TRAILER -> {
				if (gather(b, GzipFormat.TRAILER_LENGTH)) {
					checkTrailer();
				}
			}
			default -> throw new IllegalStateException("deflate data is the inflater's: " + this.part);
		}
	}

	private void takeFixedHeader(int b) {
		if ((this.count == 0 && b != GzipFormat.ID1) || (this.count == 1 && b != GzipFormat.ID2)) {
			throw Compression.notGzip(this.memberRead ? "bytes follow its gzip data" : "it does not start as gzip does");
		}
		if (this.count == 2 && b != GzipFormat.DEFLATE) {
			throw Compression.notGzip("its compression method is " + b + ", not deflate (8)");
		}
		if (this.count == 3) {
			if ((b & RESERVED_FLAGS) != 0) {
				throw Compression.notGzip("its header sets reserved flags");
			}
			this.flags = b;
		}
		if (++this.count == GzipFormat.FIXED_HEADER_LENGTH) {
			this.count = 0;
			this.part = after(Part.FIXED_HEADER);
		}
	}

	/** Checks a member's trailer and readies this stream for the next member, if any. */
	private void checkTrailer() {
		if ((this.value & 0xffffffffL) != this.dataCrc.getValue()) {
			throw Compression.notGzip("its CRC32 does not match its data");
		}
		if ((this.value >>> 32) != (this.inflater.getBytesWritten() & 0xffffffffL)) {
			throw Compression.notGzip("its size does not match its data");
		}
		this.memberRead = true;
		this.inflater.reset();
		this.dataCrc.reset();
		this.headerCrc.reset();
		this.part = Part.FIXED_HEADER;
	}

	/**
	 * Gathers a byte of a little-endian number of a part.
	 * @return whether the number is whole, in {@link #value}
	 */
	private boolean gather(int b, int length) {
		if (this.count == 0) {
			this.value = 0;
		}
		this.value |= (long) b << (8 * this.count);
		if (++this.count < length) {
			return false;
		}
		this.count = 0;
		return true;
	}

	/** The part of a header after another, skipping the optional fields its flags leave out. */
	private Part after(Part done) {
		Part next = Part.values()[done.ordinal() + 1];
		while (next.flag != 0 && (this.flags & next.flag) == 0) {
			next = Part.values()[next.ordinal() + 1];
		}
		return next;
	}

	private void checkWhole() {
		if (this.part != Part.FIXED_HEADER || this.count > 0 || !this.memberRead) {
			throw Status.INVALID_ARGUMENT.withDescription("the body ended inside its gzip data").asRuntimeException();
		}
	}

	/** The parts of a member, in order, with the header flag that an optional one needs. */
	private enum Part {

		FIXED_HEADER(0), EXTRA_LENGTH(FEXTRA), EXTRA(FEXTRA), NAME(FNAME), COMMENT(FCOMMENT), HEADER_CRC(FHCRC),
		DATA(0), TRAILER(0);

		private final int flag;

		Part(int flag) {
			this.flag = flag;
		}

	}

}
