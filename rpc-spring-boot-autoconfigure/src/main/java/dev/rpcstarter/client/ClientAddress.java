package dev.rpcstarter.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A client's {@code address}, split into its scheme and the rest.
 *
 * @param scheme the kind of address
 * @param value the address as written, trimmed
 */
record ClientAddress(Scheme scheme, String value) {

	/**
	 * @param address as written in {@code rpc.client.<name>.address}
	 * @return the address, or {@code null} when its scheme is none of {@link Scheme}
	 */
	static ClientAddress parse(String address) {
		String trimmed = address.trim();
		String scheme;
		try {
			scheme = new URI(trimmed).getScheme();
		}
		catch (URISyntaxException ex) {
			// A static list is not a valid URI ("a:1,b:2" as the authority).
			int colon = trimmed.indexOf(':');
			scheme = (colon > 0) ? trimmed.substring(0, colon) : null;
		}
		if (scheme == null) {
			return null;
		}
		for (Scheme candidate : Scheme.values()) {
			if (candidate.names(scheme.toLowerCase(Locale.ROOT))) {
				return new ClientAddress(candidate, trimmed);
			}
		}
		return null;
	}

	/**
	 * @return what follows the scheme's colon, e.g. the name of {@code in-process:name}
	 */
	String schemeSpecificPart() {
		return this.value.substring(this.value.indexOf(':') + 1);
	}

	/**
	 * @return the service id of {@code discovery:///service-id}, or {@code null} if missing
	 */
	String serviceId() {
		try {
			return DiscoveryNameResolverProvider.serviceIdOf(new URI(this.value));
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * The kinds of address, by scheme.
	 */
	enum Scheme {

		/** {@code static://host:port} or a comma-separated list. */
		STATIC("static"),

		/** {@code dns:///host:port}, gRPC's DNS resolver. */
		DNS("dns"),

		/** {@code discovery:///service-id}, Spring Cloud's DiscoveryClient. */
		DISCOVERY(DiscoveryNameResolverProvider.SCHEME),

		/** {@code in-process:name}, grpc-inprocess. */
		IN_PROCESS("in-process"),

		/** {@code http://} and {@code https://} base URLs. */
		HTTP("http", "https");

		private final String[] names;

		Scheme(String... names) {
			this.names = names;
		}

		boolean names(String scheme) {
			for (String name : this.names) {
				if (name.equals(scheme)) {
					return true;
				}
			}
			return false;
		}

	}

}
