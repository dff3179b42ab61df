package dev.rpcstarter.client.connect;

import java.time.Duration;

import io.grpc.Metadata;

/**
 * What the server said, in a failed attempt's trailers, about sending the call again (gRFC
 * A6's {@code grpc-retry-pushback-ms}): nothing, a delay in milliseconds after which to send
 * it, or, with a negative or unreadable value, not to send it again.
 */
final class ServerPushback {

	private static final Metadata.Key<String> KEY = Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);

	/** The server said nothing: the policy decides. */
	private static final ServerPushback NONE = new ServerPushback(null, false);

	private static final ServerPushback REFUSED = new ServerPushback(null, true);

	private final Duration delay;

	private final boolean refuses;

	private ServerPushback(Duration delay, boolean refuses) {
		this.delay = delay;
		this.refuses = refuses;
	}

	/**
	 * @param trailers a failed attempt's trailers
	 * @return what they say
	 */
	static ServerPushback in(Metadata trailers) {
		String value = trailers.get(KEY);
		if (value == null) {
			return NONE;
		}
		try {
			long millis = Long.parseLong(value.trim());
			return (millis >= 0) ? new ServerPushback(Duration.ofMillis(millis), false) : REFUSED;
		}
		catch (NumberFormatException ex) {
			return REFUSED;
		}
	}

	/**
	 * @return whether the server asked not to send the call again
	 */
	boolean refuses() {
		return this.refuses;
	}

	/**
	 * @return the delay the server asked for, or {@code null} when it asked for none
	 */
	Duration delay() {
		return this.delay;
	}

}
