package dev.rpcstarter.bench.runner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.bench.v1.Order;

/**
 * How a call's body and headers look on the wire for each protocol under test.
 */
enum Wire {

	/** gRPC: a length-prefixed protobuf message; the status comes in trailers. */
	GRPC("application/grpc", List.of("te: trailers")),

	/** Connect unary, binary: the bare protobuf message as the body. */
	CONNECT_PROTO("application/proto", List.of("connect-protocol-version: 1")),

	/**
	 * Connect streaming, binary: enveloped protobuf messages, like gRPC's, and the status in a
	 * last envelope flagged end-of-stream.
	 */
	CONNECT_STREAM_PROTO("application/connect+proto", List.of("connect-protocol-version: 1")),

	/**
	 * gRPC-Web, binary: the request enveloped as gRPC's; the response's status comes in a last
	 * frame, the trailers frame, and a failure is HTTP 200 too.
	 */
	GRPC_WEB_PROTO("application/grpc-web+proto", List.of("x-grpc-web: 1")),

	/** Connect unary, JSON: the proto3 JSON mapping as the body. */
	CONNECT_JSON("application/json", List.of("connect-protocol-version: 1")),

	/** Plain REST: the same JSON, posted to a controller. */
	REST_JSON("application/json", List.of());

	/** The flags byte and the 4-byte length before each message of a gRPC, gRPC-Web or Connect stream. */
	static final int ENVELOPE_PREFIX_BYTES = 5;

	private final String contentType;

	private final List<String> extraHeaders;

	Wire(String contentType, List<String> extraHeaders) {
		this.contentType = contentType;
		this.extraHeaders = extraHeaders;
	}

	/**
	 * The request headers a client of this protocol sends, as {@code name: value}.
	 * @return the headers, content type first
	 */
	List<String> headers() {
		return Stream.concat(Stream.of("content-type: " + this.contentType), this.extraHeaders.stream()).toList();
	}

	/**
	 * The body that carries one message.
	 * @param message the message
	 * @return the body
	 */
	byte[] encode(Message message) {
		return switch (this) {
			case GRPC, GRPC_WEB_PROTO, CONNECT_STREAM_PROTO -> ByteBuffer.allocate(ENVELOPE_PREFIX_BYTES + message.getSerializedSize())
				.put((byte) 0)
				.putInt(message.getSerializedSize())
				.put(message.toByteArray())
				.array();
			case CONNECT_PROTO -> message.toByteArray();
			case CONNECT_JSON, REST_JSON -> json(message).getBytes(StandardCharsets.UTF_8);
		};
	}

	/**
	 * Reads a unary HTTP response body back into an order.
	 * @param body the response body
	 * @return the order
	 * @throws InvalidProtocolBufferException when the body is not an order
	 */
	Order decodeOrder(byte[] body) throws InvalidProtocolBufferException {
		return switch (this) {
			case GRPC -> throw new UnsupportedOperationException("gRPC responses are read by a grpc-java client");
			case CONNECT_STREAM_PROTO -> throw new UnsupportedOperationException("streams are read by ConnectStreamBody");
			case GRPC_WEB_PROTO -> throw new UnsupportedOperationException("gRPC-Web responses are read by GrpcWebBody");
			case CONNECT_PROTO -> Order.parseFrom(body);
			case CONNECT_JSON, REST_JSON -> {
				Order.Builder order = Order.newBuilder();
				JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), order);
				yield order.build();
			}
		};
	}

	private static String json(Message message) {
		try {
			return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
