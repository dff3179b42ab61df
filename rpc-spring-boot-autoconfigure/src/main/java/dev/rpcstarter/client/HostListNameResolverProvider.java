package dev.rpcstarter.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

/**
 * A provider of one of the starter's own schemes, whose resolvers hand the channel host
 * names and ports. Registered only in the registries of the channels the starter builds.
 */
abstract class HostListNameResolverProvider extends NameResolverProvider {

	private final String scheme;

	HostListNameResolverProvider(String scheme) {
		this.scheme = scheme;
	}

	@Override
	public final NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		return this.scheme.equals(targetUri.getScheme()) ? newResolver(targetUri, args) : null;
	}

	/**
	 * @param targetUri a target of this provider's scheme
	 * @throws IllegalArgumentException when the rest of the target is not valid
	 */
	abstract HostListNameResolver newResolver(URI targetUri, NameResolver.Args args);

	@Override
	public String getDefaultScheme() {
		return this.scheme;
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

}
