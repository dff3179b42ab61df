package dev.rpcstarter.protocol;

/**
 * The parts of the gzip format (RFC 1952) around its deflate data, which the streams that read
 * and write gzip as it goes handle themselves: {@link java.util.zip.GZIPInputStream} blocks on
 * its stream, and {@link java.util.zip.GZIPOutputStream} flushes only with the stream it writes to.
 */
final class GzipFormat {

	/** The first byte of every member. */
	static final int ID1 = 0x1f;

	/** The second byte of every member. */
	static final int ID2 = 0x8b;

	/** The compression method byte: deflate, the only one gzip defines. */
	static final int DEFLATE = 8;

	/** The fixed part of a member's header: ID1, ID2, CM, FLG, MTIME (4), XFL, OS. */
	static final int FIXED_HEADER_LENGTH = 10;

	/** The header written: no optional fields, no modification time, an unknown system (255). */
	static final byte[] HEADER = { ID1, (byte) ID2, DEFLATE, 0, 0, 0, 0, 0, 0, (byte) 0xff };

	/** A member's trailer: CRC32 and ISIZE, both little-endian. */
	static final int TRAILER_LENGTH = 8;

	private GzipFormat() {
	}

}
