package dev.rpcstarter.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.protocol.Codec;
import io.grpc.ManagedChannel;

/**
 * Builds the channel of a client whose protocol is connect or grpc-web: a
 * {@link ConnectChannel} to one base URL.
 */
final class HttpChannelFactory {

	private static final String STATIC_PREFIX = StaticNameResolverProvider.SCHEME + "://";

	private HttpChannelFactory() {
	}

	/**
	 * @param address {@code http://host:port}, {@code https://host:port} or {@code static://host:port}
	 * @param property the address's property, for error messages
	 * @throws InvalidClientConfigurationException when the address is not one of those
	 */
	static ManagedChannel create(RpcProtocol protocol, Codec codec, String address, String property) {
		return ConnectChannel.create(baseUri(protocol, address, property), protocol, codec);
	}

	private static URI baseUri(RpcProtocol protocol, String address, String property) {
		String problem = "has an unsupported address '" + address + "' in " + property + " for protocol "
				+ protocol.name().toLowerCase(Locale.ROOT).replace('_', '-')
				+ ": use http://host:port, https://host:port or static://host:port";
		// static:// names a plaintext server, as it does for grpc; a list would need load
		// balancing, which the HTTP protocols do not do.
		String url = address.startsWith(STATIC_PREFIX) && !address.contains(",")
				? "http://" + address.substring(STATIC_PREFIX.length()) : address;
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new InvalidClientConfigurationException(problem, ex);
		}
		boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
		if (!http || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
			throw new InvalidClientConfigurationException(problem);
		}
		return uri;
	}

}
