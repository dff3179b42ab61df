package dev.rpcstarter.server.http;

/**
 * Whether one call's response messages are compressed: the server's {@link ResponseCompression}
 * until the service chooses otherwise through {@code ServerCall.setCompression} (before it sends
 * headers) or {@code setMessageCompression}, as it would on the gRPC port. Nothing is compressed
 * for a client that does not accept gzip.
 *
 * <p>A response compressed as a whole rather than message by message (a REST stream) has a
 * {@linkplain #messageEncoding() message encoding} while no message is compressed on its own:
 * its minimum size is then {@link #WHOLE_BODY}, which no message reaches, so that sending a
 * message costs the other protocols no further check.
 */
final class CallCompression {

	/** A minimum size that no message reaches: compression is off. */
	static final int NEVER = -1;

	/** A minimum size that no message reaches, with compression on: the body is compressed whole. */
	static final int WHOLE_BODY = Integer.MAX_VALUE;

	private final boolean clientAcceptsGzip;

	/** The minimum size once the service asks for gzip: 0, or {@link #WHOLE_BODY}. */
	private final int askedMinBytes;

	/** The smallest message compressed, or {@link #NEVER}. */
	private volatile int minBytes;

	private volatile boolean messageCompression = true;

	CallCompression(boolean clientAcceptsGzip, int minBytes) {
		this(clientAcceptsGzip, minBytes, 0);
	}

	private CallCompression(boolean clientAcceptsGzip, int minBytes, int askedMinBytes) {
		this.clientAcceptsGzip = clientAcceptsGzip;
		this.minBytes = minBytes;
		this.askedMinBytes = askedMinBytes;
	}

	/**
	 * The compression of a response compressed as a whole: its messages are never compressed
	 * on their own.
	 * @param clientAcceptsGzip whether the client accepts gzip
	 * @param byDefault whether the body is compressed unless the service asks otherwise
	 * @return the call's compression
	 */
	static CallCompression ofWholeBody(boolean clientAcceptsGzip, boolean byDefault) {
		return new CallCompression(clientAcceptsGzip, byDefault ? WHOLE_BODY : NEVER, WHOLE_BODY);
	}

	/**
	 * The service's choice for its call, by compressor name. {@code gzip} compresses every
	 * message, however small, as grpc-java does once a service asks for it (or the whole body).
	 * @param compressor {@code gzip} or {@code identity}
	 * @throws IllegalArgumentException for any other name
	 */
	void useCompressor(String compressor) {
		this.minBytes = switch (compressor) {
			case "gzip" -> this.askedMinBytes;
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
	 * The encoding the response declares for its messages, or for its whole body.
	 * @return {@code gzip} when messages (or the body) may be compressed, else {@code null}
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
		return messageEncoding() != null && this.messageCompression && length >= this.minBytes;
	}

}
