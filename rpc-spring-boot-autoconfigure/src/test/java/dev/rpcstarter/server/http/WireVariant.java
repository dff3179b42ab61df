package dev.rpcstarter.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.protocol.ConnectCodes;
import io.grpc.Status;

/**
 * The streaming wire protocols as a test client speaks them: content type, header names, and
 * how the outcome of a stream is read back. Written from the specifications, independently of
 * the server's classes, so that a test checks the server against the spec and not against
 * itself.
 */
enum WireVariant {

	CONNECT_PROTO("application/connect+proto", false, Family.CONNECT),

	CONNECT_JSON("application/connect+json", true, Family.CONNECT),

	GRPC_WEB_PROTO("application/grpc-web+proto", false, Family.GRPC_WEB),

	GRPC_WEB_JSON("application/grpc-web+json", true, Family.GRPC_WEB),

	GRPC_WEB_TEXT("application/grpc-web-text", false, Family.GRPC_WEB);

	enum Family {

		CONNECT, GRPC_WEB

	}

	private static final ObjectMapper json = new ObjectMapper();

	final String contentType;

	final boolean jsonCodec;

	final Family family;

	WireVariant(String contentType, boolean jsonCodec, Family family) {
		this.contentType = contentType;
		this.jsonCodec = jsonCodec;
		this.family = family;
	}

	boolean isText() {
		return this == GRPC_WEB_TEXT;
	}

	String timeoutHeader() {
		return (this.family == Family.CONNECT) ? "Connect-Timeout-Ms" : "grpc-timeout";
	}

	String timeoutValue(long millis) {
		return (this.family == Family.CONNECT) ? Long.toString(millis) : millis + "m";
	}

	String encodingHeader() {
		return (this.family == Family.CONNECT) ? "Connect-Content-Encoding" : "grpc-encoding";
	}

	String acceptEncodingHeader() {
		return (this.family == Family.CONNECT) ? "Connect-Accept-Encoding" : "grpc-accept-encoding";
	}

	/** The flag bit of the envelope that ends a response. */
	int endFlag() {
		return (this.family == Family.CONNECT) ? 0x02 : 0x80;
	}

	byte[] encode(Message message) {
		if (!this.jsonCodec) {
			return message.toByteArray();
		}
		try {
			return JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	<T extends Message> T decode(byte[] bytes, T prototype) throws Exception {
		if (!this.jsonCodec) {
			@SuppressWarnings("unchecked")
			T parsed = (T) prototype.getParserForType().parseFrom(bytes);
			return parsed;
		}
		Message.Builder builder = prototype.newBuilderForType();
		JsonFormat.parser().merge(new String(bytes, StandardCharsets.UTF_8), builder);
		@SuppressWarnings("unchecked")
		T built = (T) builder.build();
		return built;
	}

	/** Reads the outcome and trailers from the payload of the last envelope. */
	Outcome outcome(byte[] endPayload) throws Exception {
		Map<String, String> trailers = new LinkedHashMap<>();
		if (this.family == Family.CONNECT) {
			JsonNode end = json.readTree(endPayload);
			end.path("metadata").fields().forEachRemaining((entry) -> trailers.put(entry.getKey(), entry.getValue().get(0).asText()));
			JsonNode error = end.get("error");
			Status status = (error == null) ? Status.OK : Status.fromCode(ConnectCodes.fromName(error.get("code").asText()))
				.withDescription(error.path("message").asText(null));
			return new Outcome(status, trailers);
		}
		for (String line : new String(endPayload, StandardCharsets.US_ASCII).split("\r\n")) {
			int colon = line.indexOf(':');
			trailers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
		}
		return new Outcome(Status.fromCodeValue(Integer.parseInt(trailers.get("grpc-status")))
			.withDescription(trailers.get("grpc-message")), trailers);
	}

	byte[] wrapBody(byte[] body) {
		return isText() ? Base64.getEncoder().encode(body) : body;
	}

	record Outcome(Status status, Map<String, String> trailers) {
	}

}
