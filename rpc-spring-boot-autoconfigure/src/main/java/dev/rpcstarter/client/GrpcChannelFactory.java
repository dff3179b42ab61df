package dev.rpcstarter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.client.connect.AttemptPolicy;
import dev.rpcstarter.client.connect.HedgingPolicy;
import dev.rpcstarter.client.connect.RetryPolicy;
import dev.rpcstarter.client.connect.RetryThrottling;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

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
		AttemptPolicy policy = client.attemptPolicy();
		Map<String, AttemptPolicy> methodPolicies = client.methodAttemptPolicies();
		if (!methodPolicies.isEmpty() && service == null) {
			throw new InvalidClientConfigurationException("sets retries or hedging per method in "
					+ client.property("methods") + ", which the grpc protocol names with their service: a custom"
					+ " RpcChannelFactory must build the channel in createChannel(clientName, service)");
		}
		List<AttemptPolicy> policies = Stream.concat(Stream.of(policy), methodPolicies.values().stream())
			.filter(Objects::nonNull)
			.toList();
		if (!policies.isEmpty()) {
			builder.defaultServiceConfig(serviceConfig(policy, methodPolicies, client.retryThrottling(), service))
				.enableRetry()
				.maxRetryAttempts(maxAttempts(policies, RetryPolicy.class))
				.maxHedgedAttempts(maxAttempts(policies, HedgingPolicy.class));
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

	/** grpc-java caps attempts at 5 unless told more; a kind of policy that is not used keeps 5. */
	private static int maxAttempts(List<AttemptPolicy> policies, Class<? extends AttemptPolicy> kind) {
		return policies.stream().filter(kind::isInstance).mapToInt(AttemptPolicy::maxAttempts).max().orElse(5);
	}

	/**
	 * grpc-java's service config: the client's retry or hedging policy for every method (the
	 * empty name), and each method's own, which grpc-java finds by the method's full name and
	 * prefers.
	 * @param policy the client's policy, or {@code null} for none
	 * @param methodPolicies policies by bare method name, {@code null} for none
	 * @param throttling the client's retry throttling, or {@code null} for none
	 * @param service the service of those methods
	 */
	static Map<String, ?> serviceConfig(AttemptPolicy policy, Map<String, AttemptPolicy> methodPolicies,
			RetryThrottling throttling, ServiceDescriptor service) {
		List<Map<String, ?>> methodConfigs = new ArrayList<>();
		if (policy != null) {
			methodConfigs.add(methodConfig(List.of(Map.of()), policy));
		}
		methodPolicies.forEach((method, methodPolicy) -> methodConfigs
			.add(methodConfig(List.of(Map.of("service", service.getName(), "method", method)), methodPolicy)));
		if (throttling == null) {
			return Map.of("methodConfig", methodConfigs);
		}
		return Map.of("methodConfig", methodConfigs, "retryThrottling",
				Map.of("maxTokens", (double) throttling.maxTokens(), "tokenRatio", throttling.tokenRatio()));
	}

	/**
	 * Numbers are doubles and durations strings of seconds, as parsed JSON would be. An entry
	 * without a policy stops the client's from applying to its method.
	 */
	private static Map<String, ?> methodConfig(List<Map<String, String>> name, AttemptPolicy policy) {
		if (policy instanceof RetryPolicy retry) {
			return Map.of("name", name, "retryPolicy", Map.of("maxAttempts", (double) retry.maxAttempts(),
					"initialBackoff", seconds(retry.initialBackoff()), "maxBackoff", seconds(retry.maxBackoff()),
					"backoffMultiplier", retry.backoffMultiplier(), "retryableStatusCodes", names(retry.retryableCodes())));
		}
		if (policy instanceof HedgingPolicy hedging) {
			return Map.of("name", name, "hedgingPolicy", Map.of("maxAttempts", (double) hedging.maxAttempts(),
					"hedgingDelay", seconds(hedging.delay()), "nonFatalStatusCodes", names(hedging.nonFatalCodes())));
		}
		return Map.of("name", name);
	}

	private static List<String> names(Set<Status.Code> codes) {
		return codes.stream().map(Enum::name).sorted().toList();
	}

	private static String seconds(Duration duration) {
		return duration.getSeconds() + "." + String.format("%09d", duration.getNano()) + "s";
	}

}
