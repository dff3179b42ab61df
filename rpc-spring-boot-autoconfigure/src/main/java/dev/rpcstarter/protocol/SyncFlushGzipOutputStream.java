package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes one gzip stream whose every write can be decompressed as soon as it arrives: the
 * deflater is sync-flushed after each write, which ends its output on a byte boundary without
 * resetting its dictionary, so that what repeats from write to write (a stream's field names)
 * still compresses. {@link #finish()} writes the trailer.
 *
 * <p>Unlike {@link java.util.zip.GZIPOutputStream} it neither flushes nor closes the stream it
 * writes to (its owner decides when bytes go out), and {@link #close()} only frees the deflater,
 * so that a stream whose reader has gone can be dropped without writing to it.
 */
public final class SyncFlushGzipOutputStream extends OutputStream {

	private static final int BUFFER_SIZE = 8192;

	private final OutputStream out;

	private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

	private final CRC32 crc = new CRC32();

	private final byte[] buffer = new byte[BUFFER_SIZE];

	private boolean headerWritten;

	/**
	 * @param out where the gzip stream goes
	 */
	public SyncFlushGzipOutputStream(OutputStream out) {
		this.out = out;
	}

	/**
	 * Compresses bytes and writes all their compressed form, the header first the first time.
	 */
	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		writeHeaderOnce();
		this.crc.update(b, off, len);
		this.deflater.setInput(b, off, len);
		int deflated;
		do {
			deflated = this.deflater.deflate(this.buffer, 0, this.buffer.length, Deflater.SYNC_FLUSH);
			this.out.write(this.buffer, 0, deflated);
		}
		// A full buffer may leave output behind, as Deflater's contract for SYNC_FLUSH says.
		while (deflated == this.buffer.length);
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	/**
	 * Ends the gzip stream: the rest of the deflate data and the trailer, the header too if
	 * nothing was written. Frees the deflater.
	 * @throws IOException when the stream written to fails
	 */
	public void finish() throws IOException {
		try {
			writeHeaderOnce();
			this.deflater.finish();
			while (!this.deflater.finished()) {
				this.out.write(this.buffer, 0, this.deflater.deflate(this.buffer));
			}
			long size = this.deflater.getBytesRead();
			byte[] trailer = new byte[GzipFormat.TRAILER_LENGTH];
			writeLittleEndian(trailer, 0, this.crc.getValue());
			writeLittleEndian(trailer, 4, size);
			this.out.write(trailer);
		}
		finally {
			close();
		}
	}

	/**
	 * Frees the deflater without writing anything more: after {@link #finish()}, or instead of
	 * it when the gzip stream is abandoned. The stream written to is left open.
	 */
	@Override
	public void close() {
		this.deflater.end();
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
