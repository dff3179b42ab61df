package dev.rpcstarter.bench.runner;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rpcstarter.bench.v1.Order;

/**
 * A binary gRPC-Web response body read back: its messages and its trailers frame, which holds
 * the call's {@code grpc-status}. The load generators see only the HTTP status, which is 200
 * even for a failed call, so a gRPC-Web target is checked with this.
 *
 * @param orders the messages, in order
 * @param trailers the trailers frame's fields, names in lower case
 */
record GrpcWebBody(List<Order> orders, Map<String, String> trailers) {

	private static final int TRAILERS_FLAG = 0x80;

	/**
	 * Splits a body into its frames.
	 * @param body the response body
	 * @return the messages and the trailers
	 * @throws IllegalStateException when the body is not a complete gRPC-Web response
	 */
	static GrpcWebBody parse(byte[] body) throws InvalidProtocolBufferException {
		Envelopes envelopes = Envelopes.split(body, TRAILERS_FLAG, "trailers frame");
		return new GrpcWebBody(envelopes.orders(), trailers(new String(envelopes.last(), StandardCharsets.US_ASCII)));
	}

	/**
	 * Reads the trailers frame's HTTP/1-style header lines, {@code name:value} each ending in
	 * CRLF. Names are lower-cased: the protocol asks servers for lower case, and clients read them
	 * whatever the case, so a server's case is not what this check is about.
	 */
	private static Map<String, String> trailers(String block) {
		Map<String, String> trailers = new LinkedHashMap<>();
		for (String line : block.split("\r\n")) {
			if (line.isEmpty()) {
				continue;
			}
			int colon = line.indexOf(':');
			if (colon < 0) {
				throw new IllegalStateException("trailer line without a colon: " + line);
			}
			trailers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
		}
		return trailers;
	}

	/**
	 * @return whether the trailers say {@code grpc-status: 0}; a missing status is no success
	 */
	boolean succeeded() {
		return "0".equals(this.trailers.get("grpc-status"));
	}

}
