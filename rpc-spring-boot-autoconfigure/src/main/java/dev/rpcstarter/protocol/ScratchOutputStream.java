package dev.rpcstarter.protocol;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An in-memory output that writes into a {@link ScratchArray}'s array and hands out an exact
 * copy: unlike {@code ByteArrayOutputStream}, a call allocates only the result.
 */
final class ScratchOutputStream extends OutputStream {

	private final ScratchArray scratch;

	private byte[] bytes;

	private int size;

	ScratchOutputStream(ScratchArray scratch, int expectedSize) {
		this.scratch = scratch;
		this.bytes = scratch.take(Math.max(expectedSize, 16));
	}

	@Override
	public void write(int b) {
		ensure(1);
		this.bytes[this.size++] = (byte) b;
	}

	@Override
	public void write(byte[] b, int off, int len) {
		ensure(len);
		System.arraycopy(b, off, this.bytes, this.size, len);
		this.size += len;
	}

	/** What was written, in an array of its own. */
	byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.size);
	}

	/** Gives the array back to the scratch; nothing may be written or read afterwards. */
	void release() {
		this.scratch.giveBack(this.bytes);
		this.bytes = null;
	}

	private void ensure(int more) {
		if (this.size + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + more));
		}
	}

}
