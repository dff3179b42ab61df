package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.IntPredicate;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes one gzip stream whose every write can be decompressed as soon as it arrives, and that
 * holds no deflater between writes. A write worth compressing is deflated by a deflater of its
 * own, sync-flushed and freed; a smaller one goes in stored (uncompressed) deflate blocks.
 * Either ends on a byte boundary without ending the deflate data, so the next write carries it
 * on, and {@link #finish()} ends it with a last empty block and gzip's trailer.
 *
 * <p>A deflater holds about 256 KiB of native memory while it lives: one held for the life of
 * a long stream, a subscription say, would cost that much for every open stream. Deflating
 * each write alone gives up what repeats from one write to the next, as compressing message
 * by message does in the other protocols.
 *
 * <p>Unlike {@link java.util.zip.GZIPOutputStream} it neither flushes nor closes the stream it
 * writes to: its owner decides when bytes go out.
 */
public final class SyncFlushGzipOutputStream extends OutputStream {

	/** The most a stored block holds. */
	private static final int MAX_STORED = 0xffff;

	/** The header of a stored block that is not the last, once on a byte boundary: BFINAL 0, BTYPE 00. */
	private static final int STORED = 0;

	/** The header of the last block, an empty stored one. */
	private static final int LAST_STORED = 1;

	private static final int BUFFER_SIZE = 8192;

	private final OutputStream out;

	private final IntPredicate deflates;

	private final CRC32 crc = new CRC32();

	private long size;

	private boolean headerWritten;

	/**
	 * @param out where the gzip stream goes
	 * @param deflates whether a write of so many bytes is deflated rather than stored
	 */
	public SyncFlushGzipOutputStream(OutputStream out, IntPredicate deflates) {
		this.out = out;
		this.deflates = deflates;
	}

	/** Writes bytes in gzip's deflate data, deflated or stored, the header first the first time. */
	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		writeHeaderOnce();
		this.crc.update(b, off, len);
		this.size += len;
		if (this.deflates.test(len)) {
			deflate(b, off, len);
		}
		else {
			store(b, off, len);
		}
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	/**
	 * Ends the gzip stream: a last empty block and the trailer, the header too if nothing was
	 * written.
	 * @throws IOException when the stream written to fails
	 */
	public void finish() throws IOException {
		writeHeaderOnce();
		writeStoredHeader(LAST_STORED, 0);
		byte[] trailer = new byte[GzipFormat.TRAILER_LENGTH];
		writeLittleEndian(trailer, 0, this.crc.getValue());
		writeLittleEndian(trailer, 4, this.size);
		this.out.write(trailer);
	}

	/** Deflates bytes with a deflater of their own, up to a sync flush, which is byte-aligned. */
	private void deflate(byte[] b, int off, int len) throws IOException {
		Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
		try {
			deflater.setInput(b, off, len);
			byte[] buffer = new byte[BUFFER_SIZE];
			int deflated;
			do {
				deflated = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
				this.out.write(buffer, 0, deflated);
			}
			// A full buffer may leave output behind, as Deflater's contract for SYNC_FLUSH says.
			while (deflated == buffer.length);
		}
		finally {
			deflater.end();
		}
	}

	private void store(byte[] b, int off, int len) throws IOException {
		for (int at = off; at < off + len; at += MAX_STORED) {
			int length = Math.min(MAX_STORED, off + len - at);
			writeStoredHeader(STORED, length);
			this.out.write(b, at, length);
		}
	}

	/** A stored block's header: its 3 header bits padded to a byte, then LEN and its complement. */
	private void writeStoredHeader(int bits, int length) throws IOException {
		this.out.write(new byte[] { (byte) bits, (byte) length, (byte) (length >>> 8), (byte) ~length,
				(byte) (~length >>> 8) });
	}

	private void writeHeaderOnce() throws IOException {
		if (!this.headerWritten) {
			this.headerWritten = true;
			this.out.write(GzipFormat.HEADER);
		}
	}

	private static void writeLittleEndian(byte[] bytes, int offset, long value) {
		for (int i = 0; i < 4; i++) {
			bytes[offset + i] = (byte) (value >>> (8 * i));
		}
	}

}
