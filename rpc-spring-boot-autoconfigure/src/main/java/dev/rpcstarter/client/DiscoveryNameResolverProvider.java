package dev.rpcstarter.client;

import java.net.URI;
import java.time.Duration;

import io.grpc.NameResolver;

/**
 * Resolves {@code discovery:///service-id} to the instances a {@link ServiceDiscovery} lists,
 * listing again every interval, on a heartbeat of the registry, and when grpc-java asks
 * because a connection failed. One provider per channel, since the interval is the
 * client's.
 */
class DiscoveryNameResolverProvider extends HostListNameResolverProvider {

	static final String SCHEME = "discovery";

	private final ServiceDiscovery discovery;

	private final Duration interval;

	DiscoveryNameResolverProvider(ServiceDiscovery discovery, Duration interval) {
		super(SCHEME);
		this.discovery = discovery;
		this.interval = interval;
	}

	/**
	 * @param address {@code discovery:///service-id}
	 * @return the service id, or {@code null} when the address has none
	 */
	static String serviceIdOf(URI address) {
		String path = address.getPath();
		boolean valid = address.getAuthority() == null && path != null && path.length() > 1
				&& path.indexOf('/', 1) == -1;
		return valid ? path.substring(1) : null;
	}

	@Override
	HostListNameResolver newResolver(URI targetUri, NameResolver.Args args) {
		String serviceId = serviceIdOf(targetUri);
		if (serviceId == null) {
			throw new IllegalArgumentException("write discovery:///service-id");
		}
		return new DiscoveryNameResolver(serviceId, args);
	}

	private final class DiscoveryNameResolver extends HostListNameResolver {

		private final String serviceId;

		private ServiceDiscovery.Watch watch;

		DiscoveryNameResolver(String serviceId, Args args) {
			// The service id names the service: the :authority header and the TLS server name.
			super(serviceId, args);
			this.serviceId = serviceId;
		}

		@Override
		public void refresh() {
			if (this.watch == null) {
				this.watch = DiscoveryNameResolverProvider.this.discovery.watch(this.serviceId,
						DiscoveryNameResolverProvider.this.interval,
						(hosts) -> publish(hosts, "the instances of service '" + this.serviceId + "'"));
			}
			else {
				this.watch.refresh();
			}
		}

		@Override
		public void shutdown() {
			if (this.watch != null) {
				this.watch.close();
			}
		}

	}

}
