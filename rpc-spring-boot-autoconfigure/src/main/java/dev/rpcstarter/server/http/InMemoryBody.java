package dev.rpcstarter.server.http;

import java.io.IOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * A request body read and decoded in memory before its messages are read, such as a gRPC-Web
 * text body: a {@link ServletInputStream} whose bytes are all there, so that the same
 * non-blocking reader takes its envelopes.
 */
final class InMemoryBody extends ServletInputStream {

	private final byte[] bytes;

	private final int length;

	private int position;

	/**
	 * @param bytes holds the body from its start
	 * @param length the length of the body
	 */
	InMemoryBody(byte[] bytes, int length) {
		this.bytes = bytes;
		this.length = length;
	}

	@Override
	public boolean isFinished() {
		return this.position == this.length;
	}

	@Override
	public boolean isReady() {
		return true;
	}

	/** Calls the listener at once, on this thread: every byte is available. */
	@Override
	public void setReadListener(ReadListener listener) {
		try {
			listener.onDataAvailable();
		}
		catch (IOException ex) {
			listener.onError(ex);
		}
	}

	@Override
	public int available() {
		return this.length - this.position;
	}

	@Override
	public int read() {
		return isFinished() ? -1 : this.bytes[this.position++] & 0xFF;
	}

	@Override
	public int read(byte[] buffer, int offset, int count) {
		if (isFinished()) {
			return -1;
		}
		int n = Math.min(count, this.length - this.position);
		System.arraycopy(this.bytes, this.position, buffer, offset, n);
		this.position += n;
		return n;
	}

}
