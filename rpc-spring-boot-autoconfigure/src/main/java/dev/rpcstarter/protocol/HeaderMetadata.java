package dev.rpcstarter.protocol;

import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Converts between HTTP headers and gRPC {@link Metadata}.
 *
 * <p>Headers that belong to HTTP or to the wire protocol itself (content type, encodings,
 * timeouts, hop-by-hop headers) are not the application's metadata and are left out, as a gRPC
 * server leaves out its reserved headers, but for the two of gRFC A6 (retries) that gRPC
 * passes on as metadata. Keys ending in {@code -bin} carry binary values, which
 * travel as base64: padded and unpadded forms are both read, unpadded is written.
 */
public final class HeaderMetadata {

	private static final Set<String> PROTOCOL_HEADERS = Set.of("host", "connection", "keep-alive", "upgrade",
			"proxy-connection", "transfer-encoding", "te", "trailer", "content-length", "content-type",
			"content-encoding", "accept-encoding", "expect");

	/**
	 * gRPC names that are metadata all the same, as in grpc-java: gRFC A6's count of a retried
	 * call's earlier attempts, which a service may read, and a server's pushback, which a
	 * client's retries read.
	 */
	private static final Set<String> GRPC_METADATA = Set.of("grpc-previous-rpc-attempts", "grpc-retry-pushback-ms");

	private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

	private HeaderMetadata() {
	}

	/**
	 * Builds the metadata a service sees from request headers.
	 * @param names the header names
	 * @param values the values of one header name
	 * @return the metadata
	 * @throws io.grpc.StatusRuntimeException with {@code INVALID_ARGUMENT} for a binary header
	 * that is not base64
	 */
	public static Metadata fromHeaders(Iterator<String> names, Function<String, Iterator<String>> values) {
		Metadata metadata = new Metadata();
		while (names.hasNext()) {
			String name = names.next().toLowerCase(Locale.ROOT);
			if (isProtocolHeader(name)) {
				continue;
			}
			for (Iterator<String> it = values.apply(name); it.hasNext();) {
				put(metadata, name, it.next());
			}
		}
		return metadata;
	}

	private static boolean isProtocolHeader(String name) {
		return PROTOCOL_HEADERS.contains(name) || name.startsWith("connect-")
				|| (name.startsWith("grpc-") && !GRPC_METADATA.contains(name)) || name.startsWith(":");
	}

	private static void put(Metadata metadata, String name, String value) {
		if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
			metadata.put(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER), decodeBase64(name, value));
		}
		else {
			metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
		}
	}

	private static byte[] decodeBase64(String name, String value) {
		try {
			// The standard alphabet decoder accepts input with or without padding.
			return Base64.getDecoder().decode(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw Status.INVALID_ARGUMENT.withDescription("header " + name + " is not valid base64")
				.asRuntimeException();
		}
	}

	/**
	 * Visits every entry of metadata as an HTTP header name and value.
	 * @param metadata the metadata
	 * @param prefix put before each name (for example {@code trailer-}), or an empty string
	 * @param header receives each name and value
	 */
	public static void forEachHeader(Metadata metadata, String prefix, BiConsumer<String, String> header) {
		for (String key : metadata.keys()) {
			if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
				for (byte[] value : metadata.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
					header.accept(prefix + key, BASE64.encodeToString(value));
				}
			}
			else {
				for (String value : metadata.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
					header.accept(prefix + key, value);
				}
			}
		}
	}

}
