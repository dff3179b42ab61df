package dev.rpcstarter.client.connect;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The output of an HTTP/2 connection that passes on only whole HTTP/2 frames (and the
 * connection preface before them), holding back the start of a frame until the rest of it is
 * written: the socket's output over h2c, the TLS socket's application output over https
 * ({@link WholeFrameSslSocket}).
 *
 * <p>OkHttp writes a DATA frame into its buffer and, when the connection's flow-control window
 * is spent, waits for more window without flushing; its buffer meanwhile sends on whatever
 * fills whole segments, often a frame's head without its tail. Tomcat's blocking HTTP/2 reader
 * then waits for that tail while it holds the connection's lock, which its request threads
 * need to send the window updates OkHttp waits for: the connection stalls until Tomcat's read
 * timeout closes it. A server that never sees a partial frame is never stuck in one. A held
 * frame is at most the largest frame the server allows (16 KiB unless it allows more), and the
 * frames before it reach the server whole, so the window they took comes back as the server
 * reads them.
 */
final class WholeFrameOutputStream extends FilterOutputStream {

	/** {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}, which a client sends before its first frame. */
	private static final int PREFACE_BYTES = 24;

	/** Length (3 bytes), type, flags and stream identifier (4 bytes). */
	private static final int FRAME_HEADER_BYTES = 9;

	private boolean prefaceSent;

	/** The start of a frame, or of the preface, not yet written whole. */
	private byte[] held = new byte[FRAME_HEADER_BYTES];

	private int heldLength;

	WholeFrameOutputStream(OutputStream out) {
		super(out);
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		byte[] source = bytes;
		int start = offset;
		int end = offset + length;
		if (this.heldLength > 0) {
			hold(bytes, offset, length);
			source = this.held;
			start = 0;
			end = this.heldLength;
		}
		int whole = endOfWholeUnits(source, start, end);
		if (whole > start) {
			this.out.write(source, start, whole - start);
		}
		int rest = end - whole;
		if (source == this.held) {
			System.arraycopy(this.held, whole, this.held, 0, rest);
			this.heldLength = rest;
		}
		else if (rest > 0) {
			hold(source, whole, rest);
		}
	}

	/**
	 * Where the whole units (the preface, then frames) that start at {@code start} end.
	 */
	private int endOfWholeUnits(byte[] bytes, int start, int end) {
		int position = start;
		if (!this.prefaceSent) {
			if (end - position < PREFACE_BYTES) {
				return position;
			}
			position += PREFACE_BYTES;
			this.prefaceSent = true;
		}
		while (end - position >= FRAME_HEADER_BYTES) {
			int payload = ((bytes[position] & 0xff) << 16) | ((bytes[position + 1] & 0xff) << 8)
					| (bytes[position + 2] & 0xff);
			if (end - position < FRAME_HEADER_BYTES + payload) {
				break;
			}
			position += FRAME_HEADER_BYTES + payload;
		}
		return position;
	}

	private void hold(byte[] bytes, int offset, int length) {
		if (this.heldLength + length > this.held.length) {
			this.held = Arrays.copyOf(this.held, Math.max(this.heldLength + length, this.held.length * 2));
		}
		System.arraycopy(bytes, offset, this.held, this.heldLength, length);
		this.heldLength += length;
	}

	/**
	 * Flushes what was passed on; a partial frame stays held. OkHttp flushes once its buffer
	 * holds whole frames only, so nothing is held then.
	 */
	@Override
	public void flush() throws IOException {
		this.out.flush();
	}

	/**
	 * Writes whatever is held, a frame cut short by the end of the connection, and closes.
	 */
	@Override
	public void close() throws IOException {
		if (this.heldLength > 0) {
			this.out.write(this.held, 0, this.heldLength);
			this.heldLength = 0;
		}
		super.close();
	}

}
