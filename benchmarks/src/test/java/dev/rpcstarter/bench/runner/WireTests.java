package dev.rpcstarter.bench.runner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rpcstarter.bench.v1.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Wire}: the request bodies the load generators post, and the unary responses
 * read back when a target is verified.
 */
class WireTests {

	/** About 10 KB, so that the length prefix needs more than its lowest byte. */
	private static final Order LARGE = Payload.LARGE.order();

	@ParameterizedTest
	@EnumSource(names = { "GRPC", "GRPC_WEB_PROTO", "CONNECT_STREAM_PROTO" })
	void envelopedBodyIsAnUncompressedFlagABigEndianLengthAndTheMessage(Wire wire) {
		byte[] body = wire.encode(LARGE);
		byte[] message = LARGE.toByteArray();
		assertThat(message.length).isGreaterThan(0xff);
		ByteBuffer in = ByteBuffer.wrap(body);
		assertThat(in.get()).isZero();
		assertThat(in.getInt()).isEqualTo(message.length);
		assertThat(Arrays.copyOfRange(body, Wire.ENVELOPE_PREFIX_BYTES, body.length)).isEqualTo(message);
	}

	@Test
	void connectProtoBodyIsTheBareMessageAndReadsBack() throws InvalidProtocolBufferException {
		byte[] body = Wire.CONNECT_PROTO.encode(LARGE);
		assertThat(body).isEqualTo(LARGE.toByteArray());
		assertThat(Wire.CONNECT_PROTO.decodeOrder(body)).isEqualTo(LARGE);
	}

	@ParameterizedTest
	@EnumSource(names = { "CONNECT_JSON", "REST_JSON" })
	void jsonBodyIsCompactProto3JsonAndReadsBackToTheSameOrder(Wire wire) throws InvalidProtocolBufferException {
		byte[] body = wire.encode(Payload.SMALL.order());
		String json = new String(body, StandardCharsets.UTF_8);
		assertThat(json).startsWith("{\"id\":\"ord-2025-000042\",\"customer\":\"cust-0042\",\"priority\":3,\"express\":true,")
			.contains("\"unitPrice\":10.5")
			.doesNotContain(" ", "\n");
		assertThat(wire.decodeOrder(body)).isEqualTo(Payload.SMALL.order());
		assertThat(wire.decodeOrder(wire.encode(LARGE))).isEqualTo(LARGE);
	}

	@Test
	void jsonThatIsNoOrderIsRejected() {
		byte[] body = "{\"code\":\"unavailable\",\"message\":\"down\"}".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(InvalidProtocolBufferException.class)
			.isThrownBy(() -> Wire.CONNECT_JSON.decodeOrder(body));
	}

	@ParameterizedTest
	@EnumSource(names = { "GRPC", "GRPC_WEB_PROTO", "CONNECT_STREAM_PROTO" })
	void envelopedWiresLeaveTheirResponsesToTheirOwnReaders(Wire wire) {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> wire.decodeOrder(wire.encode(LARGE)));
	}

	@Test
	void headersStartWithTheContentTypeAndAddWhatTheProtocolNeeds() {
		assertThat(Wire.GRPC.headers()).containsExactly("content-type: application/grpc", "te: trailers");
		assertThat(Wire.GRPC_WEB_PROTO.headers()).containsExactly("content-type: application/grpc-web+proto",
				"x-grpc-web: 1");
		assertThat(Wire.CONNECT_STREAM_PROTO.headers()).containsExactly("content-type: application/connect+proto",
				"connect-protocol-version: 1");
		assertThat(Wire.CONNECT_JSON.headers()).containsExactly("content-type: application/json",
				"connect-protocol-version: 1");
		assertThat(Wire.REST_JSON.headers()).containsExactly("content-type: application/json");
	}

}
