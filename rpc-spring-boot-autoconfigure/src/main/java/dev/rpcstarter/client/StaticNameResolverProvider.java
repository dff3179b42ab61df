package dev.rpcstarter.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

/**
 * Resolves {@code static://host1:port1,host2:port2} to that fixed list of addresses.
 *
 * <p>grpc-java has no resolver for a list of hosts; this one is registered only in the
 * registry of the channels the starter builds, not globally. grpc-java's target parser
 * rejects a comma in the authority, so channels get the list as the path:
 * {@link #target(String) static:///host1:port1,host2:port2}.
 */
class StaticNameResolverProvider extends NameResolverProvider {

	static final String SCHEME = "static";

	private static final String PREFIX = SCHEME + "://";

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
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!SCHEME.equals(targetUri.getScheme())) {
			return null;
		}
		return new StaticNameResolver(HostAndPort.parseList(targetUri.getPath().substring(1)), args);
	}

	@Override
	public String getDefaultScheme() {
		return SCHEME;
	}

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return 5;
	}

	@Override
	public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
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
