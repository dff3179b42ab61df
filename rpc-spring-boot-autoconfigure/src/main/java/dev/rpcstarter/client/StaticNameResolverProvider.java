package dev.rpcstarter.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import io.grpc.StatusOr;

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

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!SCHEME.equals(targetUri.getScheme())) {
			return null;
		}
		String list = targetUri.getPath().substring(1);
		if (list.isBlank()) {
			throw new IllegalArgumentException("no host:port after static://");
		}
		List<HostAndPort> hosts = parse(list);
		// The first host names the service: it becomes the :authority header and the TLS
		// server name, for which a comma-separated list would be invalid.
		return new StaticNameResolver(hosts.get(0).toString(), hosts);
	}

	private static List<HostAndPort> parse(String list) {
		List<HostAndPort> hosts = new ArrayList<>();
		for (String hostAndPort : list.split(",")) {
			// Let URI split host and port so that bracketed IPv6 literals work.
			URI uri = URI.create("//" + hostAndPort.trim());
			if (uri.getHost() == null || uri.getPort() == -1) {
				throw new IllegalArgumentException("'" + hostAndPort + "' is not host:port");
			}
			hosts.add(new HostAndPort(uri.getHost(), uri.getPort()));
		}
		return hosts;
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

	private record HostAndPort(String host, int port) {

		@Override
		public String toString() {
			return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
		}

	}

	private static final class StaticNameResolver extends NameResolver {

		private final String authority;

		private final List<HostAndPort> hosts;

		private Listener2 listener;

		StaticNameResolver(String authority, List<HostAndPort> hosts) {
			this.authority = authority;
			this.hosts = hosts;
		}

		@Override
		public String getServiceAuthority() {
			return this.authority;
		}

		@Override
		public void start(Listener2 listener) {
			this.listener = listener;
			resolve();
		}

		@Override
		public void refresh() {
			resolve();
		}

		// Host names are looked up here, not when parsing, so that a refresh after a failed
		// connection sees a changed DNS entry; one unknown host must not stop the others.
		private void resolve() {
			List<EquivalentAddressGroup> groups = new ArrayList<>();
			for (HostAndPort host : this.hosts) {
				InetSocketAddress address = new InetSocketAddress(host.host(), host.port());
				if (!address.isUnresolved()) {
					groups.add(new EquivalentAddressGroup(address));
				}
			}
			if (groups.isEmpty()) {
				this.listener.onError(Status.UNAVAILABLE.withDescription("cannot resolve any host of " + this.hosts));
				return;
			}
			this.listener.onResult2(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(groups)).build());
		}

		@Override
		public void shutdown() {
		}

	}

}
