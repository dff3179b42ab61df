package dev.rpcstarter.server.http;

/**
 * Whether one call's response messages are compressed: the server's {@link ResponseCompression}
 * until the service chooses otherwise through {@code ServerCall.setCompression} (before it sends
 * headers) or {@code setMessageCompression}, as it would on the gRPC port. Nothing is compressed
 * for a client that does not accept gzip.
 */
final class CallCompression {

	/** A minimum size that no message reaches: compression is off. */
	static final int NEVER = -1;

	private final boolean clientAcceptsGzip;

	/** The smallest message compressed, or {@link #NEVER}. */
	private volatile int minBytes;

	private volatile boolean messageCompression = true;

	CallCompression(boolean clientAcceptsGzip, int minBytes) {
		this.clientAcceptsGzip = clientAcceptsGzip;
		this.minBytes = minBytes;
	}

	/**
	 * The service's choice for its call, by compressor name. {@code gzip} compresses every
	 * message, however small, as grpc-java does once a service asks for it.
	 * @param compressor {@code gzip} or {@code identity}
	 * @throws IllegalArgumentException for any other name
	 */
	void useCompressor(String compressor) {
		this.minBytes = switch (compressor) {
			case "gzip" -> 0;
			case "identity" -> NEVER;
			default -> throw new IllegalArgumentException(
					"no compressor named \"" + compressor + "\"; the web port has gzip and identity");
		};
	}

	/**
	 * Turns compression off, or on again, for the messages sent from now on.
	 * @param enabled whether they may be compressed
	 */
	void setMessageCompression(boolean enabled) {
		this.messageCompression = enabled;
	}

	/**
	 * The encoding the response declares for its messages.
	 * @return {@code gzip} when messages may be compressed, else {@code null}
	 */
	String messageEncoding() {
		return (this.clientAcceptsGzip && this.minBytes != NEVER) ? "gzip" : null;
	}

	/**
	 * Whether a message is sent compressed.
	 * @param length the message's size, in bytes
	 * @return whether to compress it
	 */
	boolean compresses(int length) {
		return this.clientAcceptsGzip && compressesForGzipClients(length);
	}

	/**
	 * Whether a message would be compressed for a client that accepts gzip, whether or not
	 * this one does: then a body that carries it varies with {@code Accept-Encoding}, which
	 * HTTP caches must be told ({@code Vary}).
	 * @param length the message's size, in bytes
	 * @return whether a client that accepts gzip gets it compressed
	 */
	boolean compressesForGzipClients(int length) {
		return compressesAnyForGzipClients() && length >= this.minBytes;
	}

	/**
	 * Whether messages large enough would be compressed for a client that accepts gzip: then
	 * a body of messages yet unknown varies with {@code Accept-Encoding}.
	 * @return whether compression is on for the call's messages
	 */
	boolean compressesAnyForGzipClients() {
		return this.minBytes != NEVER && this.messageCompression;
	}

}
