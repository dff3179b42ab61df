package dev.rpcstarter.client.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WholeFrameOutputStreamTests {

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final ByteArrayOutputStream socket = new ByteArrayOutputStream();

	private final WholeFrameOutputStream output = new WholeFrameOutputStream(this.socket);

	@Test
	void prefaceAndFramesWrittenWholePassStraightOn() throws IOException {
		byte[] settings = frame(4, 0, 6);
		byte[] data = frame(0, 1, 100);

		this.output.write(concat(PREFACE, settings, data));

		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, settings, data));
	}

	@Test
	void frameWrittenByteByByteIsPassedOnOnceWhole() throws IOException {
		this.output.write(PREFACE);
		byte[] data = frame(0, 1, 40);

		for (int i = 0; i < data.length - 1; i++) {
			this.output.write(data[i]);
			assertThat(this.socket.toByteArray()).isEqualTo(PREFACE);
		}
		this.output.write(data[data.length - 1]);

		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, data));
	}

	@Test
	void prefaceIsHeldUntilWhole() throws IOException {
		this.output.write(PREFACE, 0, 10);
		assertThat(this.socket.size()).isZero();

		this.output.write(PREFACE, 10, PREFACE.length - 10);

		assertThat(this.socket.toByteArray()).isEqualTo(PREFACE);
	}

	@Test
	void wholeFramesGoAheadOfATailThatIsHeld() throws IOException {
		byte[] first = frame(1, 1, 30);
		byte[] second = frame(0, 1, 16384);
		byte[] third = frame(0, 3, 500);
		byte[] all = concat(PREFACE, first, second, third);
		int cut = PREFACE.length + first.length + 8192; // where a buffer's segment ends in the second frame

		this.output.write(all, 0, cut);
		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, first));

		this.output.write(all, cut, all.length - cut - 200);
		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, first, second));

		this.output.write(all, all.length - 200, 200);
		assertThat(this.socket.toByteArray()).isEqualTo(all);
	}

	@Test
	void flushLeavesAPartialFrameHeld() throws IOException {
		byte[] data = frame(0, 1, 100);
		this.output.write(PREFACE);
		this.output.write(data, 0, 50);

		this.output.flush();

		assertThat(this.socket.toByteArray()).isEqualTo(PREFACE);
	}

	@Test
	void closeWritesWhatIsHeld() throws IOException {
		byte[] data = frame(0, 1, 100);
		this.output.write(PREFACE);
		this.output.write(data, 0, 50);

		this.output.close();

		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, Arrays.copyOf(data, 50)));
	}

	/** A frame of the type, on the stream, with a payload of that many bytes of a pattern. */
	private static byte[] frame(int type, int streamId, int payloadBytes) {
		ByteBuffer frame = ByteBuffer.allocate(9 + payloadBytes);
		frame.put((byte) (payloadBytes >>> 16)).put((byte) (payloadBytes >>> 8)).put((byte) payloadBytes);
		frame.put((byte) type).put((byte) 0).putInt(streamId);
		for (int i = 0; i < payloadBytes; i++) {
			frame.put((byte) (i * 7 + streamId));
		}
		return frame.array();
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

}
