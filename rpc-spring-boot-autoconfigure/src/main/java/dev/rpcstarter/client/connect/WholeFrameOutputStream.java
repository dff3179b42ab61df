package dev.rpcstarter.client.connect;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

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
 *
 * <p>It passes on only the first reset ({@code RST_STREAM}) of a stream. OkHttp answers every
 * DATA frame that reaches it for a stream it has reset (frames the server sent before it
 * learned of the reset) with one more reset, where HTTP/2 has an endpoint ignore the frames
 * it receives on a stream it has reset (RFC 9113, section 5.1). A stream cancelled while the
 * server streams to it drew a burst of them, and Tomcat counts each against the connection's
 * allowance of overhead, its defence against rapid-reset attacks: it closed the connection,
 * failing every other call on it. Tomcat also forgets a stream that is reset a second time
 * while its request is still completing, and that request then stays in progress for good,
 * holding its memory and a graceful shutdown up.
 */
final class WholeFrameOutputStream extends FilterOutputStream {

	/** {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}, which a client sends before its first frame. */
	private static final int PREFACE_BYTES = 24;

	/** Length (3 bytes), type, flags and stream identifier (4 bytes). */
	private static final int FRAME_HEADER_BYTES = 9;

	/** The type of a {@code RST_STREAM} frame. */
	private static final int RST_STREAM = 0x3;

	/**
	 * How many of the latest resets are remembered: the frames that draw a repeated reset
	 * arrive within a round trip of the first.
	 */
	private static final int REMEMBERED_RESETS = 1024;

	/** The streams reset lately, oldest first. */
	private final Set<Integer> resetStreams = new LinkedHashSet<>();

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
		int whole = passOnWholeUnits(source, start, end);
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
	 * Writes the whole units (the preface, then frames) that start at {@code start}, but for
	 * repeated resets.
	 * @return where the whole units end
	 */
	private int passOnWholeUnits(byte[] bytes, int start, int end) throws IOException {
		int position = start;
		if (!this.prefaceSent) {
			if (end - position < PREFACE_BYTES) {
				return position;
			}
			position += PREFACE_BYTES;
			this.prefaceSent = true;
		}
		int unwritten = start;
		while (end - position >= FRAME_HEADER_BYTES) {
			int payload = ((bytes[position] & 0xff) << 16) | ((bytes[position + 1] & 0xff) << 8)
					| (bytes[position + 2] & 0xff);
			int next = position + FRAME_HEADER_BYTES + payload;
			if (next > end) {
				break;
			}
			if (isRepeatedReset(bytes, position)) {
				writeRange(bytes, unwritten, position);
				unwritten = next;
			}
			position = next;
		}
		writeRange(bytes, unwritten, position);
		return position;
	}

	/** Whether the frame that starts there resets a stream that was reset before. */
	private boolean isRepeatedReset(byte[] frame, int start) {
		if (frame[start + 3] != RST_STREAM) {
			return false;
		}
		int streamId = ((frame[start + 5] & 0x7f) << 24) | ((frame[start + 6] & 0xff) << 16)
				| ((frame[start + 7] & 0xff) << 8) | (frame[start + 8] & 0xff);
		if (!this.resetStreams.add(streamId)) {
			return true;
		}
		if (this.resetStreams.size() > REMEMBERED_RESETS) {
			Iterator<Integer> oldest = this.resetStreams.iterator();
			oldest.next();
			oldest.remove();
		}
		return false;
	}

	private void writeRange(byte[] bytes, int start, int end) throws IOException {
		if (end > start) {
			this.out.write(bytes, start, end - start);
		}
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
