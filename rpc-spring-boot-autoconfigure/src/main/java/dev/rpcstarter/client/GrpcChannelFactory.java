package dev.rpcstarter.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.client.connect.RetryPolicy;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;

/**
 * Builds the grpc-java channel of a client whose protocol is grpc: its target, credentials,
 * load balancing, retry policy, keep-alive and message size limit.
 */
class GrpcChannelFactory {

	private static final String DNS_SCHEME = "dns";

	private final ClientTls tls;

	private final ServiceDiscovery discovery;

	GrpcChannelFactory(ClientTls tls, ServiceDiscovery discovery) {
		this.tls = tls;
		this.discovery = discovery;
	}

	/**
	 * @param address an address whose scheme is static, dns, discovery or in-process
	 */
	ManagedChannel create(NamedClient client, ClientAddress address) {
		RpcClientProperties.Client settings = client.settings();
		ManagedChannelBuilder<?> builder;
		if (address.scheme() == ClientAddress.Scheme.IN_PROCESS) {
			// One server, no resolver: grpc-java refuses a load-balancing policy here.
			builder = InProcessChannels.builder(address.schemeSpecificPart());
		}
		else {
			String target = (address.scheme() == ClientAddress.Scheme.STATIC)
					? StaticNameResolverProvider.target(address.value()) : address.value();
			builder = Grpc.newChannelBuilder(target, this.tls.grpcCredentials(client), resolvers(client))
				.defaultLoadBalancingPolicy(settings.getLoadBalancing().policyName());
		}
		builder.maxInboundMessageSize(client.maxInboundMessageBytes());
		RetryPolicy retry = client.retryPolicy();
		if (retry != null) {
			builder.defaultServiceConfig(serviceConfig(retry)).enableRetry().maxRetryAttempts(retry.maxAttempts());
		}
		RpcClientProperties.KeepAlive keepAlive = settings.getKeepAlive();
		if (keepAlive.getTime() != null) {
			builder.keepAliveTime(keepAlive.getTime().toNanos(), TimeUnit.NANOSECONDS)
				.keepAliveWithoutCalls(keepAlive.getWithoutCalls());
			if (keepAlive.getTimeout() != null) {
				builder.keepAliveTimeout(keepAlive.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
			}
		}
		return builder.build();
	}

	// A registry per channel rather than the global one: it adds our schemes without changing
	// other channels in the JVM, limits targets to the schemes we document, and carries the
	// client's own discovery settings.
	private NameResolverRegistry resolvers(NamedClient client) {
		NameResolverRegistry resolvers = new NameResolverRegistry();
		resolvers.register(new StaticNameResolverProvider());
		NameResolverProvider dns = NameResolverRegistry.getDefaultRegistry().getProviderForScheme(DNS_SCHEME);
		if (dns != null) {
			resolvers.register(dns);
		}
		if (this.discovery != null) {
			resolvers.register(
					new DiscoveryNameResolverProvider(this.discovery, client.settings().getDiscoveryRefreshInterval()));
		}
		return resolvers;
	}

	/**
	 * grpc-java's service config for a retry policy that applies to every method (the empty
	 * name). Numbers are doubles and durations strings of seconds, as parsed JSON would be.
	 */
	static Map<String, ?> serviceConfig(RetryPolicy retry) {
		Map<String, ?> policy = Map.of("maxAttempts", (double) retry.maxAttempts(), "initialBackoff",
				seconds(retry.initialBackoff()), "maxBackoff", seconds(retry.maxBackoff()), "backoffMultiplier",
				retry.backoffMultiplier(), "retryableStatusCodes",
				retry.retryableCodes().stream().map(Enum::name).sorted().toList());
		return Map.of("methodConfig", List.of(Map.of("name", List.of(Map.of()), "retryPolicy", policy)));
	}

	private static String seconds(Duration duration) {
		return duration.getSeconds() + "." + String.format("%09d", duration.getNano()) + "s";
	}

}
