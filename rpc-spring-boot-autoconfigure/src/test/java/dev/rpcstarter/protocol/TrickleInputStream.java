package dev.rpcstarter.protocol;

import java.io.ByteArrayInputStream;

/**
 * Hands over at most a few bytes per read, as a servlet container may hand a body over, and
 * counts the reads.
 */
final class TrickleInputStream extends ByteArrayInputStream {

	private final int readSize;

	private int reads;

	TrickleInputStream(byte[] bytes, int readSize) {
		super(bytes);
		this.readSize = readSize;
	}

	@Override
	public synchronized int read(byte[] b, int off, int len) {
		this.reads++;
		return super.read(b, off, Math.min(len, this.readSize));
	}

	/** How many times {@link #read(byte[], int, int)} was called. */
	int reads() {
		return this.reads;
	}

}
