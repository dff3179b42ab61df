package dev.rpcstarter.bench.runner;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rpcstarter.bench.v1.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ConnectStreamBody}: a Connect server stream's body, split into its messages
 * and its end-of-stream envelope.
 */
class ConnectStreamBodyTests {

	private static final int MESSAGE = 0x00;

	private static final int END_OF_STREAM = 0x02;

	private static final Order SMALL = Payload.SMALL.order();

	private static final Order LARGE = Payload.LARGE.order();

	@Test
	void messagesAreReadInOrderUntilACleanEndOfStream() throws InvalidProtocolBufferException {
		byte[] body = body(envelope(MESSAGE, SMALL.toByteArray()), envelope(MESSAGE, LARGE.toByteArray()),
				envelope(MESSAGE, SMALL.toByteArray()), envelope(END_OF_STREAM, json("{}")));
		ConnectStreamBody stream = ConnectStreamBody.parse(body);
		assertThat(stream.orders()).containsExactly(SMALL, LARGE, SMALL);
		assertThat(stream.endOfStream()).isEqualTo("{}");
		assertThat(stream.failed()).isFalse();
	}

	@Test
	void endOfStreamWithAnErrorMarksTheStreamFailed() throws InvalidProtocolBufferException {
		String error = "{\"error\":{\"code\":\"resource_exhausted\",\"message\":\"too many\"}}";
		byte[] body = body(envelope(MESSAGE, SMALL.toByteArray()), envelope(END_OF_STREAM, json(error)));
		ConnectStreamBody stream = ConnectStreamBody.parse(body);
		assertThat(stream.orders()).containsExactly(SMALL);
		assertThat(stream.endOfStream()).isEqualTo(error);
		assertThat(stream.failed()).isTrue();
	}

	@Test
	void endOfStreamWithOnlyMetadataIsNoFailure() throws InvalidProtocolBufferException {
		byte[] body = body(envelope(END_OF_STREAM, json("{\"metadata\":{\"x-error-budget\":[\"none\"]}}")));
		ConnectStreamBody stream = ConnectStreamBody.parse(body);
		assertThat(stream.orders()).isEmpty();
		assertThat(stream.failed()).isFalse();
	}

	@Test
	void bodyCutInsideAMessageIsRejected() {
		byte[] whole = body(envelope(MESSAGE, LARGE.toByteArray()), envelope(END_OF_STREAM, json("{}")));
		byte[] truncated = Arrays.copyOf(whole, 1000);
		assertThatIllegalStateException().isThrownBy(() -> ConnectStreamBody.parse(truncated))
			.withMessage("the body ends inside an envelope");
	}

	@Test
	void bodyCutInsideAnEnvelopePrefixHasNoEndOfStream() {
		byte[] message = envelope(MESSAGE, SMALL.toByteArray());
		byte[] truncated = body(message, Arrays.copyOf(envelope(END_OF_STREAM, json("{}")), 3));
		assertThatIllegalStateException().isThrownBy(() -> ConnectStreamBody.parse(truncated))
			.withMessage("no end-of-stream envelope in " + truncated.length + " bytes");
	}

	@Test
	void messagesWithoutEndOfStreamAreRejected() {
		byte[] body = body(envelope(MESSAGE, SMALL.toByteArray()), envelope(MESSAGE, SMALL.toByteArray()));
		assertThatIllegalStateException().isThrownBy(() -> ConnectStreamBody.parse(body))
			.withMessageStartingWith("no end-of-stream envelope");
	}

	@Test
	void bytesAfterTheEndOfStreamAreRejected() {
		byte[] body = body(envelope(END_OF_STREAM, json("{}")), envelope(MESSAGE, SMALL.toByteArray()));
		assertThatIllegalStateException().isThrownBy(() -> ConnectStreamBody.parse(body))
			.withMessage((Wire.ENVELOPE_PREFIX_BYTES + SMALL.getSerializedSize())
					+ " bytes after the end-of-stream envelope");
	}

	@Test
	void requestBodyOfTheConnectStreamWireIsOneMessageEnvelope() throws InvalidProtocolBufferException {
		// What the benchmark posts is what a server stream answers with, message by message.
		byte[] body = body(Wire.CONNECT_STREAM_PROTO.encode(LARGE), envelope(END_OF_STREAM, json("{}")));
		assertThat(ConnectStreamBody.parse(body).orders()).containsExactly(LARGE);
	}

	private static byte[] envelope(int flags, byte[] payload) {
		return ByteBuffer.allocate(Wire.ENVELOPE_PREFIX_BYTES + payload.length)
			.put((byte) flags)
			.putInt(payload.length)
			.put(payload)
			.array();
	}

	private static byte[] json(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] body(byte[]... envelopes) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] envelope : envelopes) {
			body.writeBytes(envelope);
		}
		return body.toByteArray();
	}

}
