package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Writes a gRPC status as the Connect protocol's error JSON:
 * {@code {"code":"not_found","message":"...","details":[{"type":"...","value":"..."}]}}.
 *
 * <p>The details are the {@code google.protobuf.Any} messages that a gRPC client would find in
 * the {@code grpc-status-details-bin} trailer, so a service that attaches rich error details
 * (with {@code StatusProto.toStatusRuntimeException}) reaches Connect clients with them too.
 */
public final class ConnectErrorJson {

	/** The trailer in which gRPC carries a {@code google.rpc.Status} with error details. */
	public static final Metadata.Key<byte[]> STATUS_DETAILS_KEY = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

	private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

	private ConnectErrorJson() {
	}

	/**
	 * Renders an error as the body of a unary response.
	 * @param status the error; never {@code OK}
	 * @param trailers the call's trailers, searched for error details
	 * @return the error JSON as UTF-8 bytes
	 */
	public static byte[] toJson(Status status, Metadata trailers) {
		return print(error(status, trailers));
	}

	/**
	 * Renders the end-of-stream message of a Connect streaming response:
	 * {@code {"error":{...},"metadata":{"key":["value"]}}}, either part left out when empty.
	 * @param status the call's outcome
	 * @param trailers the call's trailers
	 * @return the JSON as UTF-8 bytes
	 */
	public static byte[] endOfStream(Status status, Metadata trailers) {
		Struct.Builder end = Struct.newBuilder();
		if (!status.isOk()) {
			end.putFields("error", Value.newBuilder().setStructValue(error(status, trailers)).build());
		}
		trailers.discardAll(STATUS_DETAILS_KEY);
		Struct.Builder metadata = Struct.newBuilder();
		HeaderMetadata.forEachHeader(trailers, "", (name, value) -> {
			ListValue.Builder values = metadata.getFieldsOrDefault(name, Value.getDefaultInstance())
				.getListValue()
				.toBuilder();
			metadata.putFields(name, Value.newBuilder().setListValue(values.addValues(string(value))).build());
		});
		if (metadata.getFieldsCount() > 0) {
			end.putFields("metadata", Value.newBuilder().setStructValue(metadata).build());
		}
		return print(end.build());
	}

	private static Struct error(Status status, Metadata trailers) {
		Struct.Builder error = Struct.newBuilder();
		error.putFields("code", string(ConnectCodes.name(status.getCode())));
		if (status.getDescription() != null && !status.getDescription().isEmpty()) {
			error.putFields("message", string(status.getDescription()));
		}
		com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
		if (details.getDetailsCount() > 0) {
			ListValue.Builder list = ListValue.newBuilder();
			for (Any detail : details.getDetailsList()) {
				list.addValues(Value.newBuilder().setStructValue(detail(detail)));
			}
			error.putFields("details", Value.newBuilder().setListValue(list).build());
		}
		return error.build();
	}

	private static byte[] print(Struct json) {
		try {
			return PRINTER.print(json).getBytes(StandardCharsets.UTF_8);
		}
		catch (InvalidProtocolBufferException ex) {
			// A Struct of strings always prints; this is unreachable short of a protobuf bug.
			throw new IllegalStateException(ex);
		}
	}

	private static Struct detail(Any detail) {
		String typeUrl = detail.getTypeUrl();
		// Connect names the message type alone, without the "type.googleapis.com/" prefix.
		String type = typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
		return Struct.newBuilder()
			.putFields("type", string(type))
			.putFields("value", string(BASE64.encodeToString(detail.getValue().toByteArray())))
			.build();
	}

	private static Value string(String value) {
		return Value.newBuilder().setStringValue(value).build();
	}

}
