package dev.rpcstarter.client.connect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The stream limit is read from the SETTINGS frame that opens a server's HTTP/2 connection,
 * however its bytes arrive, while they pass on unchanged; the watcher is told once, and told
 * again when the connection ends.
 */
class ServerStreamLimitTests {

	private static final int FRAME_BYTES = 9;

	private static final int SETTINGS = 0x4;

	private static final int PING = 0x6;

	private final List<String> told = new ArrayList<>();

	private final ServerStreamLimit.Watcher watcher = new ServerStreamLimit.Watcher() {

		@Override
		public void opened(long limit) {
			ServerStreamLimitTests.this.told.add("opened " + limit);
		}

		@Override
		public void closed(long limit) {
			ServerStreamLimitTests.this.told.add("closed " + limit);
		}

	};

	@Test
	void theLimitIsReadFromAFrameThatArrivesWhole() throws IOException {
		byte[] connection = connection(frame(SETTINGS, setting(0x1, 4096), setting(0x3, 100), setting(0x4, 65535)));
		ServerStreamLimit limit = new ServerStreamLimit();
		assertThat(limit.watch(this.watcher)).isTrue();
		assertThat(limit.reading(new ByteArrayInputStream(connection)).readAllBytes()).isEqualTo(connection);
		assertThat(this.told).containsExactly("opened 100", "closed 100");
	}

	@Test
	void theLimitIsReadFromAFrameThatArrivesAByteAtATime() throws IOException {
		byte[] connection = connection(frame(SETTINGS, setting(0x3, 0xFFFFFFFEL)));
		ServerStreamLimit limit = new ServerStreamLimit();
		limit.watch(this.watcher);
		InputStream input = limit.reading(new ByteArrayInputStream(connection));
		ByteArrayOutputStream passed = new ByteArrayOutputStream();
		for (int read = input.read(); read >= 0; read = input.read()) {
			passed.write(read);
		}
		assertThat(passed.toByteArray()).isEqualTo(connection);
		assertThat(this.told).containsExactly("opened 4294967294", "closed 4294967294");
	}

	@Test
	void aWatcherAfterTheFrameIsToldAtOnce() throws IOException {
		ServerStreamLimit limit = new ServerStreamLimit();
		InputStream input = limit.reading(new ByteArrayInputStream(connection(frame(SETTINGS, setting(0x3, 8)))));
		input.readNBytes(FRAME_BYTES + 6);
		assertThat(limit.watch(this.watcher)).isTrue();
		assertThat(this.told).containsExactly("opened 8");
		input.readAllBytes();
		assertThat(this.told).containsExactly("opened 8", "closed 8");
	}

	@Test
	void onlyTheFirstWatcherIsTold() throws IOException {
		ServerStreamLimit limit = new ServerStreamLimit();
		limit.watch(this.watcher);
		List<String> second = new ArrayList<>();
		assertThat(limit.watch(new ServerStreamLimit.Watcher() {

			@Override
			public void opened(long value) {
				second.add("opened");
			}

			@Override
			public void closed(long value) {
				second.add("closed");
			}

		})).isFalse();
		limit.reading(new ByteArrayInputStream(connection(frame(SETTINGS, setting(0x3, 8))))).readAllBytes();
		assertThat(this.told).containsExactly("opened 8", "closed 8");
		assertThat(second).isEmpty();
	}

	@Test
	void aServerThatSetsNoLimitAllowsAnyNumber() throws IOException {
		assertWatchedConnectionUnlimited(connection(frame(SETTINGS, setting(0x4, 65535))));
	}

	@Test
	void onlyTheFirstFrameIsRead() throws IOException {
		// A server that opens with another frame breaks the protocol; a SETTINGS frame after it is not read.
		assertWatchedConnectionUnlimited(connection(frame(PING, new byte[8]), frame(SETTINGS, setting(0x3, 8))));
	}

	private void assertWatchedConnectionUnlimited(byte[] connection) throws IOException {
		ServerStreamLimit limit = new ServerStreamLimit();
		limit.watch(this.watcher);
		limit.reading(new ByteArrayInputStream(connection)).readAllBytes();
		assertThat(this.told).containsExactly("opened " + ServerStreamLimit.UNLIMITED,
				"closed " + ServerStreamLimit.UNLIMITED);
	}

	@Test
	void aConnectionThatEndsBeforeItsSettingsTellsNothing() throws IOException {
		ServerStreamLimit limit = new ServerStreamLimit();
		limit.watch(this.watcher);
		byte[] settings = frame(SETTINGS, setting(0x3, 8));
		InputStream input = limit.reading(new ByteArrayInputStream(settings, 0, 5));
		input.readAllBytes();
		input.close();
		assertThat(this.told).isEmpty();
	}

	@Test
	void aFailedReadEndsTheConnection() throws IOException {
		ServerStreamLimit limit = new ServerStreamLimit();
		limit.watch(this.watcher);
		byte[] settings = frame(SETTINGS, setting(0x3, 8));
		InputStream failing = new InputStream() {

			private int position;

			@Override
			public int read() throws IOException {
				if (this.position == settings.length) {
					throw new IOException("connection reset");
				}
				return settings[this.position++] & 0xFF;
			}

		};
		InputStream input = limit.reading(failing);
		input.readNBytes(settings.length);
		assertThat(this.told).containsExactly("opened 8");
		assertThatIOException().isThrownBy(input::read);
		assertThat(this.told).containsExactly("opened 8", "closed 8");
	}

	private static byte[] connection(byte[]... frames) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			bytes.writeBytes(frame);
		}
		// Whatever comes after the first frame: a SETTINGS acknowledgement and a PING here.
		bytes.writeBytes(frame(SETTINGS, new byte[0]));
		bytes.writeBytes(frame(PING, new byte[8]));
		return bytes.toByteArray();
	}

	private static byte[] frame(int type, byte[]... settings) {
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		for (byte[] setting : settings) {
			payload.writeBytes(setting);
		}
		int length = payload.size();
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.writeBytes(new byte[] { (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, 0, 0,
				0, 0, 0 });
		frame.writeBytes(payload.toByteArray());
		return frame.toByteArray();
	}

	private static byte[] setting(int identifier, long value) {
		return new byte[] { (byte) (identifier >>> 8), (byte) identifier, (byte) (value >>> 24), (byte) (value >>> 16),
				(byte) (value >>> 8), (byte) value };
	}

}
