package dev.rpcstarter.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.client.connect.BaseUriPicker;
import dev.rpcstarter.client.connect.ConnectChannel;
import io.grpc.ManagedChannel;

/**
 * Builds the channel of a client whose protocol is connect or grpc-web: a
 * {@link ConnectChannel} to one base URL, or spreading its calls over the hosts of a static
 * list or of a discovered service.
 */
class HttpChannelFactory {

	private final ClientTls tls;

	private final ServiceDiscovery discovery;

	HttpChannelFactory(ClientTls tls, ServiceDiscovery discovery) {
		this.tls = tls;
		this.discovery = discovery;
	}

	/**
	 * @param address the parsed address, {@code null} if its scheme is unknown
	 * @param written the address as written, for error messages
	 * @throws InvalidClientConfigurationException when the address is not one these protocols use
	 */
	ManagedChannel create(NamedClient client, ClientAddress address, String written) {
		RpcClientProperties.Client settings = client.settings();
		ConnectChannel.Builder channel = ConnectChannel.builder(settings.getProtocol(), settings.getCodec())
			.baseUris(baseUris(client, address, written))
			.httpVersion(settings.getHttpVersion())
			.attemptPolicy(client.attemptPolicy())
			.methodAttemptPolicies(client.methodAttemptPolicies())
			.retryThrottling(client.retryThrottling())
			.maxInboundMessageSize(client.maxInboundMessageBytes())
			.httpGet(settings.getHttpGet());
		this.tls.configure(client, channel);
		return channel.build();
	}

	private BaseUriPicker baseUris(NamedClient client, ClientAddress address, String written) {
		ClientAddress.Scheme scheme = (address != null) ? address.scheme() : null;
		if (scheme == ClientAddress.Scheme.HTTP) {
			return BaseUriPicker.pickFirst(List.of(httpUri(client, address.value())));
		}
		if (scheme == ClientAddress.Scheme.STATIC) {
			return picker(client, toUris(client, StaticNameResolverProvider.hostsOf(address.value())));
		}
		if (scheme == ClientAddress.Scheme.DISCOVERY) {
			BaseUriPicker picker = picker(client, List.of());
			picker.updatedBy(this.discovery.watch(address.serviceId(),
					client.settings().getDiscoveryRefreshInterval(), (hosts) -> picker.update(toUris(client, hosts))));
			return picker;
		}
		throw unsupported(client, written);
	}

	// As for grpc, static and discovered hosts are plaintext unless TLS is configured.
	private static List<URI> toUris(NamedClient client, List<HostAndPort> hosts) {
		String scheme = client.tls() ? "https" : "http";
		return hosts.stream().map((host) -> host.toUri(scheme)).toList();
	}

	private static BaseUriPicker picker(NamedClient client, List<URI> uris) {
		return (client.settings().getLoadBalancing() == RpcClientProperties.LoadBalancing.ROUND_ROBIN)
				? BaseUriPicker.roundRobin(uris) : BaseUriPicker.pickFirst(uris);
	}

	private static URI httpUri(NamedClient client, String address) {
		URI uri;
		try {
			uri = new URI(address);
		}
		catch (URISyntaxException ex) {
			throw unsupported(client, address);
		}
		if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
			throw unsupported(client, address);
		}
		return uri;
	}

	private static InvalidClientConfigurationException unsupported(NamedClient client, String written) {
		return new InvalidClientConfigurationException("has an unsupported address '" + written.trim() + "' in "
				+ client.property("address") + " for protocol "
				+ client.settings().getProtocol().name().toLowerCase(Locale.ROOT).replace('_', '-')
				+ ": use http://host:port, https://host:port, static://host1:port1,host2:port2 or discovery:///service-id");
	}

}
