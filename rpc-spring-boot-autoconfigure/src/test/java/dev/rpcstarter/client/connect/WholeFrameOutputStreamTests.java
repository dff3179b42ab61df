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

	@Test
	void repeatedResetOfAStreamIsDroppedAndTheFramesAroundItPassOn() throws IOException {
		byte[] cancel = frame(3, 5, 4);
		byte[] windowUpdate = frame(8, 0, 4);
		byte[] protocolError = frame(3, 5, 4);
		byte[] data = frame(0, 7, 30);
		this.output.write(concat(PREFACE, cancel));

		this.output.write(concat(windowUpdate, protocolError, data, protocolError));

		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, cancel, windowUpdate, data));
	}

	@Test
	void firstResetOfEachStreamPassesOn() throws IOException {
		byte[] first = frame(3, 5, 4);
		byte[] other = frame(3, 7, 4);

		this.output.write(concat(PREFACE, first, other));

		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, first, other));
	}

	@Test
	void repeatedResetWrittenInPartsIsDropped() throws IOException {
		byte[] reset = frame(3, 9, 4);
		byte[] data = frame(0, 11, 20);
		this.output.write(concat(PREFACE, reset));
		byte[] again = concat(reset, data);

		this.output.write(again, 0, 6);
		this.output.write(again, 6, again.length - 6);

		assertThat(this.socket.toByteArray()).isEqualTo(concat(PREFACE, reset, data));
	}

	@Test
	void streamResetLongAgoMayBeResetAgain() throws IOException {
		byte[] first = frame(3, 1, 4);
		this.output.write(concat(PREFACE, first));
		for (int stream = 3; stream < 3 + 2 * 1024; stream += 2) {
			this.output.write(frame(3, stream, 4));
		}
		int written = this.socket.size();

		this.output.write(first);

		assertThat(this.socket.size()).isEqualTo(written + first.length);
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
