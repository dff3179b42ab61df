package dev.rpcstarter.client.connect;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.HeaderMetadata;
import io.grpc.Metadata;

/**
 * Turns the header fields of a response into the {@link Metadata} a gRPC listener expects.
 */
final class ResponseMetadata {

	/** Connect unary responses carry trailers as headers with this prefix. */
	static final String TRAILER_PREFIX = "trailer-";

	private static final String STATUS_DETAILS = ConnectErrorJson.STATUS_DETAILS_KEY.name();

	private ResponseMetadata() {
	}

	/**
	 * The response headers, without Connect's {@code trailer-} fields.
	 * @param fields the header fields
	 * @return the headers
	 */
	static Metadata headers(Map<String, List<String>> fields) {
		return metadata(fields.entrySet()
			.stream()
			.filter((field) -> !field.getKey().toLowerCase(Locale.ROOT).startsWith(TRAILER_PREFIX))
			.collect(Collectors.toMap((field) -> field.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)));
	}

	/**
	 * The trailers of a Connect unary response: its {@code trailer-} fields, prefix removed.
	 * @param fields the header fields
	 * @return the trailers
	 */
	static Metadata prefixedTrailers(Map<String, List<String>> fields) {
		return metadata(fields.entrySet()
			.stream()
			.filter((field) -> field.getKey().toLowerCase(Locale.ROOT).startsWith(TRAILER_PREFIX))
			.collect(Collectors.toMap((field) -> field.getKey().substring(TRAILER_PREFIX.length()).toLowerCase(Locale.ROOT),
					Map.Entry::getValue)));
	}

	/**
	 * The trailers of a gRPC(-Web) response, with {@code grpc-status-details-bin}, which the
	 * status conversion leaves to {@code StatusProto}.
	 * @param fields the trailer fields, names in lower case
	 * @return the trailers
	 */
	static Metadata grpcTrailers(Map<String, List<String>> fields) {
		Metadata trailers = metadata(fields);
		List<String> details = fields.get(STATUS_DETAILS);
		if (details != null && !details.isEmpty()) {
			trailers.put(ConnectErrorJson.STATUS_DETAILS_KEY, Base64.getDecoder().decode(details.get(0).trim()));
		}
		return trailers;
	}

	/** Names must be in lower case: the values are looked up with the lower-cased name. */
	private static Metadata metadata(Map<String, List<String>> fields) {
		return HeaderMetadata.fromHeaders(fields.keySet().iterator(), (name) -> fields.get(name).iterator());
	}

}
