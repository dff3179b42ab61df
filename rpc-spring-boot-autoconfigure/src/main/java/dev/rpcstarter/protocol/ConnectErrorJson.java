package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

/**
 * Writes a gRPC status as the Connect protocol's error JSON, and reads it back on the client:
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

	private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

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

	/**
	 * Reads the error JSON of a unary response that has an HTTP error status.
	 * @param json the response body
	 * @param trailers receives the error details as {@code grpc-status-details-bin}, where
	 * {@code StatusProto.fromThrowable} looks for them
	 * @return the error, or {@code null} when the body is not Connect error JSON
	 */
	public static Status readError(byte[] json, Metadata trailers) {
		Struct error = parse(json);
		return (error != null && error.containsFields("code")) ? status(error, trailers) : null;
	}

	/**
	 * Reads the end-of-stream message of a Connect streaming response.
	 * @param json the payload of the end-of-stream envelope
	 * @param trailers receives its metadata, and the error details as for {@link #readError}
	 * @return the call's outcome
	 */
	public static Status readEndOfStream(byte[] json, Metadata trailers) {
		Struct end = parse(json);
		if (end == null) {
			return Status.INTERNAL.withDescription("the end-of-stream message is not JSON");
		}
		Map<String, List<String>> metadata = new LinkedHashMap<>();
		end.getFieldsOrDefault("metadata", Value.getDefaultInstance()).getStructValue().getFieldsMap()
			.forEach((name, values) -> values.getListValue().getValuesList()
				.forEach((value) -> metadata.computeIfAbsent(name.toLowerCase(Locale.ROOT), (key) -> new ArrayList<>())
					.add(value.getStringValue())));
		trailers.merge(HeaderMetadata.fromHeaders(metadata.keySet().iterator(), (name) -> metadata.get(name).iterator()));
		Value error = end.getFieldsMap().get("error");
		return (error != null) ? status(error.getStructValue(), trailers) : Status.OK;
	}

	private static Struct parse(byte[] json) {
		Struct.Builder struct = Struct.newBuilder();
		try {
			JsonFormat.parser().merge(new String(json, StandardCharsets.UTF_8), struct);
			return struct.build();
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			return null;
		}
	}

	private static Status status(Struct error, Metadata trailers) {
		Status.Code code = ConnectCodes.fromName(error.getFieldsOrDefault("code", Value.getDefaultInstance()).getStringValue());
		String message = error.getFieldsOrDefault("message", Value.getDefaultInstance()).getStringValue();
		com.google.rpc.Status.Builder details = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message);
		for (Value detail : error.getFieldsOrDefault("details", Value.getDefaultInstance()).getListValue().getValuesList()) {
			Map<String, Value> fields = detail.getStructValue().getFieldsMap();
			details.addDetails(Any.newBuilder()
				.setTypeUrl(TYPE_URL_PREFIX + fields.getOrDefault("type", Value.getDefaultInstance()).getStringValue())
				// Connect allows the value with or without padding; the basic decoder reads both.
				.setValue(ByteString.copyFrom(Base64.getDecoder()
					.decode(fields.getOrDefault("value", Value.getDefaultInstance()).getStringValue()))));
		}
		if (details.getDetailsCount() > 0) {
			trailers.put(STATUS_DETAILS_KEY, details.build().toByteArray());
		}
		return Status.fromCode(code).withDescription(message.isEmpty() ? null : message);
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
