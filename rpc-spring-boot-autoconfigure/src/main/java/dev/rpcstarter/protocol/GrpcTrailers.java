package dev.rpcstarter.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The trailers that end a gRPC or gRPC-Web response, written by servers and read by clients: {@code grpc-status}, a percent-encoded
 * {@code grpc-message}, and the service's own trailers.
 */
public final class GrpcTrailers {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private GrpcTrailers() {
	}

	/**
	 * The trailers as HTTP header names and values; repeated keys are joined with commas, as
	 * HTTP allows.
	 * @param status the call's status
	 * @param trailers the service's trailers
	 * @return the trailers, lower-case names in order
	 */
	public static Map<String, String> of(Status status, Metadata trailers) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("grpc-status", Integer.toString(status.getCode().value()));
		if (status.getDescription() != null) {
			fields.put("grpc-message", percentEncode(status.getDescription()));
		}
		HeaderMetadata.forEachHeader(trailers, "", (name, value) -> fields.merge(name, value, (a, b) -> a + "," + b));
		return fields;
	}

	/**
	 * The trailers as the body of gRPC-Web's trailers frame: {@code name: value} lines ending
	 * in CRLF.
	 * @param status the call's status
	 * @param trailers the service's trailers
	 * @return the frame's payload
	 */
	public static byte[] asHttp1Block(Status status, Metadata trailers) {
		StringBuilder block = new StringBuilder();
		of(status, trailers).forEach((name, value) -> block.append(name).append(": ").append(value).append("\r\n"));
		return block.toString().getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Reads the payload of gRPC-Web's trailers frame.
	 * @param block {@code name: value} lines ending in CRLF
	 * @return the fields, names in lower case, in order
	 */
	public static Map<String, List<String>> parseHttp1Block(byte[] block) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		for (String line : new String(block, StandardCharsets.US_ASCII).split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
				fields.computeIfAbsent(name, (key) -> new ArrayList<>()).add(line.substring(colon + 1).trim());
			}
		}
		return fields;
	}

	/**
	 * The status that {@code grpc-status} and {@code grpc-message} stand for.
	 * @param grpcStatus the code's number, or {@code null} when the response has none
	 * @param grpcMessage the percent-encoded message, or {@code null}
	 * @return the status, {@code UNKNOWN} when {@code grpc-status} is missing or not a number
	 */
	public static Status statusOf(String grpcStatus, String grpcMessage) {
		if (grpcStatus == null) {
			return Status.UNKNOWN.withDescription("the response has no grpc-status");
		}
		try {
			Status status = Status.fromCodeValue(Integer.parseInt(grpcStatus.trim()));
			return (grpcMessage != null) ? status.withDescription(percentDecode(grpcMessage)) : status;
		}
		catch (NumberFormatException ex) {
			return Status.UNKNOWN.withDescription("grpc-status is not a number: " + grpcStatus);
		}
	}

	/** The inverse of {@link #percentEncode}; a malformed escape is kept as it is. */
	static String percentDecode(String encoded) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
		for (int i = 0; i < encoded.length(); i++) {
			char c = encoded.charAt(i);
			int high = (c == '%' && i + 2 < encoded.length()) ? Character.digit(encoded.charAt(i + 1), 16) : -1;
			int low = (high < 0) ? -1 : Character.digit(encoded.charAt(i + 2), 16);
			if (low < 0) {
				bytes.write(c);
			}
			else {
				bytes.write((high << 4) | low);
				i += 2;
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	/** grpc-message carries UTF-8 with every byte outside printable ASCII, and '%', escaped. */
	static String percentEncode(String message) {
		byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length);
		for (byte b : bytes) {
			if (b >= 0x20 && b < 0x7F && b != '%') {
				encoded.append((char) b);
			}
			else {
				encoded.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
			}
		}
		return encoded.toString();
	}

}
