package dev.rpcstarter.client.connect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many streams the server of one HTTP/2 connection allows at once
 * ({@code SETTINGS_MAX_CONCURRENT_STREAMS}), read from the SETTINGS frame with which every
 * HTTP/2 server opens a connection (RFC 9113, section 3.4) as the connection's input passes
 * through {@link #reading(InputStream)}. OkHttp applies that frame to the connection only
 * after its reader got it, and tells nobody; {@link Http2StreamLimitWait} needs the limit
 * before it lets more calls to the server go.
 *
 * <p>Only the first frame is looked at: the input then passes through unchanged. A later
 * SETTINGS frame that changes the limit is not followed; servers set it once.
 */
final class ServerStreamLimit {

	/**
	 * What a server that sets no limit allows: any number, which the 32-bit setting can at most
	 * express as this.
	 */
	static final long UNLIMITED = 0xFFFFFFFFL;

	/** Length (3 bytes), type, flags and stream identifier (4 bytes). */
	private static final int FRAME_HEADER_BYTES = 9;

	private static final int SETTINGS_FRAME = 0x4;

	/** An identifier (2 bytes) and a value (4 bytes). */
	private static final int SETTING_BYTES = 6;

	private static final int MAX_CONCURRENT_STREAMS = 0x3;

	private final AtomicBoolean watched = new AtomicBoolean();

	// The state of reading the first frame, on the connection's reading thread.

	private final byte[] header = new byte[FRAME_HEADER_BYTES];

	private final byte[] setting = new byte[SETTING_BYTES];

	private int frameBytesRead;

	private int payloadBytes;

	private long limitRead = UNLIMITED;

	// What the watcher is told, on whichever thread comes last.

	private Watcher watcher;

	/** The limit once the first frame was read whole; -1 until then. */
	private long limit = -1;

	private boolean closed;

	/**
	 * @param input the input of the connection, from its first byte on
	 * @return the same input, passed through
	 */
	InputStream reading(InputStream input) {
		return new FilterInputStream(input) {

			@Override
			public int read() throws IOException {
				byte[] one = new byte[1];
				return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xFF;
			}

			@Override
			public int read(byte[] bytes, int offset, int length) throws IOException {
				int read;
				try {
					read = super.read(bytes, offset, length);
				}
				catch (IOException ex) {
					connectionClosed();
					throw ex;
				}
				if (read < 0) {
					connectionClosed();
				}
				else if (firstFrameUnread()) {
					inspect(bytes, offset, read);
				}
				return read;
			}

			@Override
			public void close() throws IOException {
				connectionClosed();
				super.close();
			}

		};
	}

	/**
	 * Tells a watcher the limit once it is read, and that it no longer holds once the
	 * connection is closed. Only the first to ask becomes the watcher: a connection's calls all
	 * ask, and the connection counts once.
	 * @param watcher the watcher
	 * @return whether it became the watcher
	 */
	boolean watch(Watcher watcher) {
		// Every call on the connection asks: a plain read spares them a contended update.
		if (this.watched.get() || !this.watched.compareAndSet(false, true)) {
			return false;
		}
		long known;
		boolean gone;
		synchronized (this) {
			this.watcher = watcher;
			known = this.limit;
			gone = this.closed;
		}
		if (known >= 0) {
			watcher.opened(known);
			if (gone) {
				watcher.closed(known);
			}
		}
		return true;
	}

	private boolean firstFrameUnread() {
		// The payload's length is 0 until the header is read.
		return this.frameBytesRead < FRAME_HEADER_BYTES + this.payloadBytes;
	}

	private void inspect(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length && firstFrameUnread(); i++) {
			int position = this.frameBytesRead++;
			if (position < FRAME_HEADER_BYTES) {
				this.header[position] = bytes[i];
				if (position == FRAME_HEADER_BYTES - 1) {
					headerRead();
				}
			}
			else {
				settingByte(position - FRAME_HEADER_BYTES, bytes[i]);
			}
		}
	}

	private void headerRead() {
		boolean settings = (this.header[3] & 0xFF) == SETTINGS_FRAME;
		// A server that opens with another frame breaks the protocol; its limit stays unknown,
		// and unlimited is what a connection allows until a limit is set.
		this.payloadBytes = settings ? ((this.header[0] & 0xFF) << 16) | ((this.header[1] & 0xFF) << 8)
				| (this.header[2] & 0xFF) : 0;
		if (this.payloadBytes == 0) {
			limitKnown(UNLIMITED);
		}
	}

	private void settingByte(int payloadPosition, byte value) {
		int inSetting = payloadPosition % SETTING_BYTES;
		this.setting[inSetting] = value;
		if (inSetting == SETTING_BYTES - 1) {
			int identifier = ((this.setting[0] & 0xFF) << 8) | (this.setting[1] & 0xFF);
			if (identifier == MAX_CONCURRENT_STREAMS) {
				this.limitRead = ((long) (this.setting[2] & 0xFF) << 24) | ((this.setting[3] & 0xFF) << 16)
						| ((this.setting[4] & 0xFF) << 8) | (this.setting[5] & 0xFF);
			}
		}
		if (payloadPosition == this.payloadBytes - 1) {
			limitKnown(this.limitRead);
		}
	}

	private void limitKnown(long limit) {
		Watcher told;
		synchronized (this) {
			this.limit = limit;
			told = this.watcher;
		}
		if (told != null) {
			told.opened(limit);
		}
	}

	private void connectionClosed() {
		Watcher told;
		long known;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			told = this.watcher;
			known = this.limit;
		}
		if (told != null && known >= 0) {
			told.closed(known);
		}
	}

	/**
	 * Told of a connection's limit, once each.
	 */
	interface Watcher {

		/**
		 * @param limit the streams the connection allows at once
		 */
		void opened(long limit);

		/**
		 * @param limit the streams the connection allowed, which it no longer offers
		 */
		void closed(long limit);

	}

	/**
	 * A socket whose HTTP/2 connection's limit is read.
	 */
	interface Source {

		/**
		 * @return the limit of the socket's connection, or {@code null} when the socket does
		 * not speak HTTP/2
		 */
		ServerStreamLimit streamLimit();

	}

}
