package dev.rpcstarter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.client.connect.RetryPolicy;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.ServiceDescriptor;

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
	 * @param service the service whose methods per-method settings name, or {@code null}
	 * when not known
	 * @throws InvalidClientConfigurationException when methods have retry settings of their
	 * own and the service is not known
	 */
	ManagedChannel create(NamedClient client, ClientAddress address, ServiceDescriptor service) {
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
		Map<String, RetryPolicy> methodRetries = client.methodRetryPolicies();
		if (!methodRetries.isEmpty() && service == null) {
			throw new InvalidClientConfigurationException("sets retries per method in " + client.property("methods")
					+ ", which the grpc protocol names with their service: a custom RpcChannelFactory must build the"
					+ " channel in createChannel(clientName, service)");
		}
		int maxAttempts = Stream.concat(Stream.of(retry), methodRetries.values().stream())
			.filter(Objects::nonNull)
			.mapToInt(RetryPolicy::maxAttempts)
			.max()
			.orElse(0);
		if (maxAttempts > 0) {
			builder.defaultServiceConfig(serviceConfig(retry, methodRetries, service))
				.enableRetry()
				.maxRetryAttempts(maxAttempts);
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
	 * grpc-java's service config: the client's retry policy for every method (the empty name),
	 * and each method's own, which grpc-java finds by the method's full name and prefers.
	 * @param retry the client's policy, or {@code null} for none
	 * @param methodRetries policies by bare method name, {@code null} for none
	 * @param service the service of those methods
	 */
	static Map<String, ?> serviceConfig(RetryPolicy retry, Map<String, RetryPolicy> methodRetries,
			ServiceDescriptor service) {
		List<Map<String, ?>> methodConfigs = new ArrayList<>();
		if (retry != null) {
			methodConfigs.add(Map.of("name", List.of(Map.of()), "retryPolicy", policy(retry)));
		}
		methodRetries.forEach((method, policy) -> {
			List<Map<String, String>> name = List.of(Map.of("service", service.getName(), "method", method));
			// A method's entry without a policy stops the client's from applying to it.
			methodConfigs.add((policy != null) ? Map.of("name", name, "retryPolicy", policy(policy)) : Map.of("name", name));
		});
		return Map.of("methodConfig", methodConfigs);
	}

	/** Numbers are doubles and durations strings of seconds, as parsed JSON would be. */
	private static Map<String, ?> policy(RetryPolicy retry) {
		return Map.of("maxAttempts", (double) retry.maxAttempts(), "initialBackoff", seconds(retry.initialBackoff()),
				"maxBackoff", seconds(retry.maxBackoff()), "backoffMultiplier", retry.backoffMultiplier(),
				"retryableStatusCodes", retry.retryableCodes().stream().map(Enum::name).sorted().toList());
	}

	private static String seconds(Duration duration) {
		return duration.getSeconds() + "." + String.format("%09d", duration.getNano()) + "s";
	}

}
