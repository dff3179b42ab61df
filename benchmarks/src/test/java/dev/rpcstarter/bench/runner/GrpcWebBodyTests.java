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
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link GrpcWebBody}: a binary gRPC-Web response body, split into its messages and
 * its trailers frame.
 */
class GrpcWebBodyTests {

	private static final int MESSAGE = 0x00;

	private static final int TRAILERS = 0x80;

	private static final Order SMALL = Payload.SMALL.order();

	private static final Order LARGE = Payload.LARGE.order();

	@Test
	void unaryAnswerIsOneMessageAndTrailersWithStatusZero() throws InvalidProtocolBufferException {
		byte[] body = body(frame(MESSAGE, LARGE.toByteArray()), frame(TRAILERS, ascii("grpc-status:0\r\n")));
		GrpcWebBody answer = GrpcWebBody.parse(body);
		assertThat(answer.orders()).containsExactly(LARGE);
		assertThat(answer.trailers()).containsExactly(entry("grpc-status", "0"));
		assertThat(answer.succeeded()).isTrue();
	}

	@Test
	void messagesAreReadInOrderAndTrailerNamesInLowerCaseWithoutSpaces() throws InvalidProtocolBufferException {
		byte[] body = body(frame(MESSAGE, SMALL.toByteArray()), frame(MESSAGE, LARGE.toByteArray()),
				frame(TRAILERS, ascii("Grpc-Status: 0\r\ngrpc-message:\r\nx-served-by: tomcat\r\n")));
		GrpcWebBody answer = GrpcWebBody.parse(body);
		assertThat(answer.orders()).containsExactly(SMALL, LARGE);
		assertThat(answer.trailers()).containsExactly(entry("grpc-status", "0"), entry("grpc-message", ""),
				entry("x-served-by", "tomcat"));
		assertThat(answer.succeeded()).isTrue();
	}

	@Test
	void errorStatusInTheTrailersIsNoSuccess() throws InvalidProtocolBufferException {
		// What a failed call looks like: HTTP 200, no message, the status in the trailers frame.
		byte[] body = body(frame(TRAILERS, ascii("grpc-status:8\r\ngrpc-message:too%20many\r\n")));
		GrpcWebBody answer = GrpcWebBody.parse(body);
		assertThat(answer.orders()).isEmpty();
		assertThat(answer.trailers()).containsEntry("grpc-status", "8").containsEntry("grpc-message", "too%20many");
		assertThat(answer.succeeded()).isFalse();
	}

	@Test
	void trailersWithoutAStatusAreNoSuccess() throws InvalidProtocolBufferException {
		byte[] body = body(frame(MESSAGE, SMALL.toByteArray()), frame(TRAILERS, ascii("grpc-message:\r\n")));
		assertThat(GrpcWebBody.parse(body).succeeded()).isFalse();
	}

	@Test
	void bodyCutInsideAFrameIsRejected() {
		byte[] whole = body(frame(MESSAGE, LARGE.toByteArray()), frame(TRAILERS, ascii("grpc-status:0\r\n")));
		byte[] truncated = Arrays.copyOf(whole, 1000);
		assertThatIllegalStateException().isThrownBy(() -> GrpcWebBody.parse(truncated))
			.withMessage("the body ends inside an envelope");
	}

	@Test
	void bodyCutInsideTheTrailersFramePrefixHasNoTrailers() {
		byte[] truncated = body(frame(MESSAGE, SMALL.toByteArray()),
				Arrays.copyOf(frame(TRAILERS, ascii("grpc-status:0\r\n")), 3));
		assertThatIllegalStateException().isThrownBy(() -> GrpcWebBody.parse(truncated))
			.withMessage("no trailers frame in " + truncated.length + " bytes");
	}

	@Test
	void messageWithoutTrailersIsRejected() {
		// Without the trailers frame there is no status: the call may have failed after its message.
		byte[] body = body(frame(MESSAGE, SMALL.toByteArray()));
		assertThatIllegalStateException().isThrownBy(() -> GrpcWebBody.parse(body))
			.withMessageStartingWith("no trailers frame");
	}

	@Test
	void bytesAfterTheTrailersFrameAreRejected() {
		byte[] body = body(frame(TRAILERS, ascii("grpc-status:0\r\n")), frame(MESSAGE, SMALL.toByteArray()));
		assertThatIllegalStateException().isThrownBy(() -> GrpcWebBody.parse(body))
			.withMessage((Wire.ENVELOPE_PREFIX_BYTES + SMALL.getSerializedSize()) + " bytes after the trailers frame");
	}

	@Test
	void trailerLineWithoutAColonIsRejected() {
		byte[] body = body(frame(TRAILERS, ascii("grpc-status 0\r\n")));
		assertThatIllegalStateException().isThrownBy(() -> GrpcWebBody.parse(body))
			.withMessage("trailer line without a colon: grpc-status 0");
	}

	@Test
	void requestBodyOfTheGrpcWebWireIsOneMessageFrame() throws InvalidProtocolBufferException {
		// What the benchmark posts is how the answer carries its message.
		byte[] body = body(Wire.GRPC_WEB_PROTO.encode(LARGE), frame(TRAILERS, ascii("grpc-status:0\r\n")));
		assertThat(GrpcWebBody.parse(body).orders()).containsExactly(LARGE);
	}

	private static byte[] frame(int flags, byte[] payload) {
		return ByteBuffer.allocate(Wire.ENVELOPE_PREFIX_BYTES + payload.length)
			.put((byte) flags)
			.putInt(payload.length)
			.put(payload)
			.array();
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] body(byte[]... frames) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			body.writeBytes(frame);
		}
		return body.toByteArray();
	}

}
