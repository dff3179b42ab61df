package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The trailers that end a gRPC or gRPC-Web response: {@code grpc-status}, a percent-encoded
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
