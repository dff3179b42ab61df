package dev.rpcstarter.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.protocol.Codec;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.TlsChannelCredentials;

/**
 * The default {@link RpcChannelFactory}: builds a channel from
 * {@code rpc.client.<name>.address}, {@code .protocol}, {@code .codec} and {@code .plaintext}:
 * a grpc-java channel for native gRPC, a {@link dev.rpcstarter.client.connect.ConnectChannel}
 * for Connect and gRPC-Web.
 */
class AddressChannelFactory implements RpcChannelFactory {

	private static final String DNS_SCHEME = "dns";

	private static final String EXAMPLE_ADDRESS = "static://localhost:9091";

	private final Map<String, RpcClientProperties.Client> clients;

	// Our own registry rather than the global one: it adds the static scheme without
	// changing other channels in the JVM, and it limits targets to the schemes we document.
	private final NameResolverRegistry resolvers = new NameResolverRegistry();

	AddressChannelFactory(Map<String, RpcClientProperties.Client> clients) {
		this.clients = clients;
		this.resolvers.register(new StaticNameResolverProvider());
		NameResolverProvider dns = NameResolverRegistry.getDefaultRegistry().getProviderForScheme(DNS_SCHEME);
		if (dns != null) {
			this.resolvers.register(dns);
		}
	}

	@Override
	public ManagedChannel createChannel(String clientName) {
		RpcClientProperties.Client client = this.clients.get(clientName);
		String property = "rpc.client." + clientName + ".address";
		if (client == null || client.getAddress() == null || client.getAddress().isBlank()) {
			throw new InvalidClientConfigurationException(
					"has no address: set " + property + " (for example " + EXAMPLE_ADDRESS + ")");
		}
		String address = client.getAddress().trim();
		if (client.getProtocol() != RpcProtocol.GRPC) {
			return HttpChannelFactory.create(client.getProtocol(), client.getCodec(), address, property);
		}
		if (client.getCodec() != Codec.PROTO) {
			throw new InvalidClientConfigurationException("sets rpc.client." + clientName + ".codec="
					+ client.getCodec().subtype() + ", which needs rpc.client." + clientName
					+ ".protocol=connect or grpc-web: native gRPC always writes proto");
		}
		String scheme = schemeOf(address);
		if (scheme == null || this.resolvers.getProviderForScheme(scheme) == null) {
			throw new InvalidClientConfigurationException("has an unsupported address '" + address + "' in " + property
					+ ": use static://host:port, static://host1:port1,host2:port2 or dns:///host:port"
					+ ("http".equals(scheme) || "https".equals(scheme)
							? ", or set rpc.client." + clientName + ".protocol to connect or grpc-web" : ""));
		}
		try {
			return newChannelBuilder(address, scheme, client.isPlaintext()).build();
		}
		catch (IllegalArgumentException ex) {
			// The resolver rejected the rest of the address, e.g. a missing port.
			throw new InvalidClientConfigurationException(
					"has an invalid address '" + address + "' in " + property + ": " + ex.getMessage(), ex);
		}
	}

	private ManagedChannelBuilder<?> newChannelBuilder(String address, String scheme, boolean plaintext) {
		ChannelCredentials credentials = plaintext ? InsecureChannelCredentials.create() : TlsChannelCredentials.create();
		if (!StaticNameResolverProvider.SCHEME.equals(scheme)) {
			return Grpc.newChannelBuilder(address, credentials, this.resolvers);
		}
		return Grpc.newChannelBuilder(StaticNameResolverProvider.target(address), credentials, this.resolvers)
			// A static list names equal replicas: spread calls instead of pinning the first.
			.defaultLoadBalancingPolicy("round_robin");
	}

	private static String schemeOf(String address) {
		try {
			return new URI(address).getScheme();
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
