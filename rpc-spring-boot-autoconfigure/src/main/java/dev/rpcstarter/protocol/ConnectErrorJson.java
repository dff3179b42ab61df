package dev.rpcstarter.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
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
 *
 * <p>Written with Jackson's generator, field by field; read leniently with protobuf's JSON
 * parser into a {@code Struct}, so that unknown fields (a detail's {@code debug}, say) pass.
 */
public final class ConnectErrorJson {

	/** The trailer in which gRPC carries a {@code google.rpc.Status} with error details. */
	public static final Metadata.Key<byte[]> STATUS_DETAILS_KEY = Metadata.Key.of("grpc-status-details-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	/**
	 * Writes text as UTF-8 with only the escapes JSON requires (quotes, backslashes, control
	 * characters), so that an error reads well in a terminal: an apostrophe or a {@code <}
	 * stays itself rather than becoming a Unicode escape, as with protobuf's JSON printer.
	 * Characters outside the BMP stay escaped surrogate pairs: Jackson's option to combine
	 * them (2.19) turns a lone high surrogate and the character after it into a wrong one.
	 */
	private static final JsonFactory JSON = new JsonFactory();

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
		return render((json) -> writeError(json, status, trailers));
	}

	/**
	 * Renders the end-of-stream message of a Connect streaming response:
	 * {@code {"error":{...},"metadata":{"key":["value"]}}}, either part left out when empty.
	 * @param status the call's outcome
	 * @param trailers the call's trailers
	 * @return the JSON as UTF-8 bytes
	 */
	public static byte[] endOfStream(Status status, Metadata trailers) {
		return render((json) -> {
			json.writeStartObject();
			if (!status.isOk()) {
				json.writeFieldName("error");
				writeError(json, status, trailers);
			}
			// The details are in the error already, not metadata of their own.
			trailers.discardAll(STATUS_DETAILS_KEY);
			writeMetadata(json, trailers);
			json.writeEndObject();
		});
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

	private static void writeError(JsonGenerator json, Status status, Metadata trailers) throws IOException {
		json.writeStartObject();
		json.writeStringField("code", ConnectCodes.name(status.getCode()));
		if (status.getDescription() != null && !status.getDescription().isEmpty()) {
			json.writeStringField("message", status.getDescription());
		}
		List<Any> details = StatusProto.fromStatusAndTrailers(status, trailers).getDetailsList();
		if (!details.isEmpty()) {
			json.writeArrayFieldStart("details");
			for (Any detail : details) {
				String typeUrl = detail.getTypeUrl();
				json.writeStartObject();
				// Connect names the message type alone, without the "type.googleapis.com/" prefix.
				json.writeStringField("type", typeUrl.substring(typeUrl.lastIndexOf('/') + 1));
				json.writeStringField("value", BASE64.encodeToString(detail.getValue().toByteArray()));
				json.writeEndObject();
			}
			json.writeEndArray();
		}
		json.writeEndObject();
	}

	private static void writeMetadata(JsonGenerator json, Metadata trailers) throws IOException {
		Map<String, List<String>> metadata = new LinkedHashMap<>();
		HeaderMetadata.forEachHeader(trailers, "",
				(name, value) -> metadata.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value));
		if (metadata.isEmpty()) {
			return;
		}
		json.writeObjectFieldStart("metadata");
		for (Map.Entry<String, List<String>> header : metadata.entrySet()) {
			json.writeArrayFieldStart(header.getKey());
			for (String value : header.getValue()) {
				json.writeString(value);
			}
			json.writeEndArray();
		}
		json.writeEndObject();
	}

	private static byte[] render(JsonWriting writing) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (JsonGenerator json = JSON.createGenerator(bytes)) {
			writing.writeTo(json);
		}
		catch (IOException ex) {
			// Unreachable: the generator writes to memory.
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	@FunctionalInterface
	private interface JsonWriting {

		void writeTo(JsonGenerator json) throws IOException;

	}

}
