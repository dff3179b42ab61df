package dev.rpcstarter.client;

import java.net.URI;
import java.util.List;

import io.grpc.NameResolver;

/**
 * Resolves {@code static://host1:port1,host2:port2} to that fixed list of addresses.
 *
 * <p>grpc-java has no resolver for a list of hosts; this one is registered only in the
 * registry of the channels the starter builds, not globally. grpc-java's target parser
 * rejects a comma in the authority, so channels get the list as the path:
 * {@link #target(String) static:///host1:port1,host2:port2}.
 */
class StaticNameResolverProvider extends HostListNameResolverProvider {

	static final String SCHEME = "static";

	private static final String PREFIX = SCHEME + "://";

	StaticNameResolverProvider() {
		super(SCHEME);
	}

	/**
	 * The channel target for an address as users write it.
	 * @param address {@code static://host1:port1,host2:port2}
	 * @return {@code static:///host1:port1,host2:port2}
	 */
	static String target(String address) {
		if (!address.startsWith(PREFIX)) {
			throw new IllegalArgumentException("write static://host:port");
		}
		return PREFIX + "/" + address.substring(PREFIX.length());
	}

	/**
	 * @param address {@code static://host1:port1,host2:port2}
	 * @return the hosts of the list
	 * @throws IllegalArgumentException naming what is not host:port
	 */
	static List<HostAndPort> hostsOf(String address) {
		return HostAndPort.parseList(target(address).substring(PREFIX.length() + 1));
	}

	@Override
	HostListNameResolver newResolver(URI targetUri, NameResolver.Args args) {
		return new StaticNameResolver(HostAndPort.parseList(targetUri.getPath().substring(1)), args);
	}

	private static final class StaticNameResolver extends HostListNameResolver {

		private final List<HostAndPort> hosts;

		StaticNameResolver(List<HostAndPort> hosts, Args args) {
			// The first host names the service: it becomes the :authority header and the TLS
			// server name, for which a comma-separated list would be invalid.
			super(hosts.get(0).toString(), args);
			this.hosts = hosts;
		}

		@Override
		public void refresh() {
			publish(this.hosts, "the static list");
		}

		@Override
		public void shutdown() {
		}

	}

}
