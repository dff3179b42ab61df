package dev.rpcstarter.client;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.protocol.Codec;
import io.grpc.ManagedChannel;
import io.grpc.ServiceDescriptor;

import org.springframework.boot.ssl.SslBundles;

/**
 * The default {@link RpcChannelFactory}: builds a channel from the merged
 * {@code rpc.client.<name>.*} and {@code rpc.client.default.*} settings: a grpc-java channel
 * for native gRPC ({@link GrpcChannelFactory}), a
 * {@link dev.rpcstarter.client.connect.ConnectChannel} for Connect and gRPC-Web
 * ({@link HttpChannelFactory}). Checks what both need before either builds.
 */
class AddressChannelFactory implements RpcChannelFactory {

	private static final String EXAMPLE_ADDRESS = "static://localhost:9091";

	private final RpcClientProperties properties;

	private final ServiceDiscovery discovery;

	private final GrpcChannelFactory grpc;

	private final HttpChannelFactory http;

	/**
	 * @param sslBundles the context's SSL bundles, or {@code null} when there are none
	 * @param discovery how to list service instances, or {@code null} without Spring Cloud
	 */
	AddressChannelFactory(RpcClientProperties properties, SslBundles sslBundles, ServiceDiscovery discovery) {
		this.properties = properties;
		this.discovery = discovery;
		ClientTls tls = new ClientTls(sslBundles);
		this.grpc = new GrpcChannelFactory(tls, discovery);
		this.http = new HttpChannelFactory(tls, discovery);
	}

	@Override
	public ManagedChannel createChannel(String clientName) {
		return createChannel(clientName, null);
	}

	@Override
	public ManagedChannel createChannel(String clientName, ServiceDescriptor service) {
		NamedClient client = new NamedClient(clientName, this.properties.resolve(clientName));
		String property = client.property("address");
		String written = client.settings().getAddress();
		if (written == null || written.isBlank()) {
			throw new InvalidClientConfigurationException(
					"has no address: set " + property + " (for example " + EXAMPLE_ADDRESS + ")");
		}
		if (client.settings().getHttpGet() && client.settings().getProtocol() != RpcProtocol.CONNECT) {
			throw new InvalidClientConfigurationException("sets " + client.property("http-get") + "=true, which needs "
					+ client.property("protocol") + "=connect: only the Connect protocol calls methods with GET");
		}
		ClientAddress address = ClientAddress.parse(written);
		if (address != null && address.scheme() == ClientAddress.Scheme.DISCOVERY) {
			checkDiscovery(client, address);
		}
		try {
			return (client.settings().getProtocol() == RpcProtocol.GRPC) ? createGrpc(client, address, written, service)
					: this.http.create(client, address, written);
		}
		catch (IllegalArgumentException ex) {
			// The resolver rejected the rest of the address, e.g. a missing port.
			throw new InvalidClientConfigurationException(
					"has an invalid address '" + written.trim() + "' in " + property + ": " + ex.getMessage(), ex);
		}
	}

	private ManagedChannel createGrpc(NamedClient client, ClientAddress address, String written,
			ServiceDescriptor service) {
		if (client.settings().getCodec() != Codec.PROTO) {
			throw new InvalidClientConfigurationException("sets " + client.property("codec") + "="
					+ client.settings().getCodec().subtype() + ", which needs " + client.property("protocol")
					+ "=connect or grpc-web: native gRPC always writes proto");
		}
		if (address == null || address.scheme() == ClientAddress.Scheme.HTTP) {
			throw new InvalidClientConfigurationException("has an unsupported address '" + written.trim() + "' in "
					+ client.property("address") + ": use static://host:port, static://host1:port1,host2:port2, "
					+ "dns:///host:port, discovery:///service-id or in-process:name"
					+ ((address != null) ? ", or set " + client.property("protocol") + " to connect or grpc-web" : ""));
		}
		if (address.scheme() == ClientAddress.Scheme.IN_PROCESS && !InProcessChannels.available()) {
			throw new InvalidClientConfigurationException("has the address '" + address.value() + "' in "
					+ client.property("address") + ", which needs io.grpc:grpc-inprocess on the classpath");
		}
		return this.grpc.create(client, address, service);
	}

	private void checkDiscovery(NamedClient client, ClientAddress address) {
		String needs = (this.discovery == null)
				? "Spring Cloud's DiscoveryClient: add org.springframework.cloud:spring-cloud-commons and a discovery client"
				: this.discovery.missing();
		if (needs != null) {
			throw new InvalidClientConfigurationException("has the address '" + address.value() + "' in "
					+ client.property("address") + ", which needs " + needs);
		}
		if (address.serviceId() == null) {
			throw new InvalidClientConfigurationException("has an invalid address '" + address.value() + "' in "
					+ client.property("address") + ": write discovery:///service-id");
		}
	}

}
