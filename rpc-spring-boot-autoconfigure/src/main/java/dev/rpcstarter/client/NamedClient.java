package dev.rpcstarter.client;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.client.connect.AttemptPolicy;
import dev.rpcstarter.client.connect.HedgingPolicy;
import dev.rpcstarter.client.connect.RetryPolicy;
import dev.rpcstarter.client.connect.RetryThrottling;

import org.springframework.util.unit.DataSize;

/**
 * A client name with its merged settings ({@link RpcClientProperties#resolve(String)}), and
 * what start-up derives from them, failing with the name of the property to fix.
 *
 * @param name the value of {@code @RpcClient}
 * @param settings its own settings, those of {@code rpc.client.default}, then the built-in ones
 */
record NamedClient(String name, RpcClientProperties.Client settings) {

	/**
	 * @param key a property of a client, e.g. "address"
	 * @return its full name for this client, e.g. "rpc.client.email.address"
	 */
	String property(String key) {
		return "rpc.client." + this.name + "." + key;
	}

	/**
	 * @return whether calls use TLS on the addresses whose scheme does not say it
	 * @throws InvalidClientConfigurationException when plaintext is asked for with an SSL bundle
	 */
	boolean tls() {
		boolean plaintext = this.settings.getPlaintext();
		if (plaintext && this.settings.getSslBundle() != null) {
			throw new InvalidClientConfigurationException("sets " + property("ssl-bundle") + " and "
					+ property("plaintext") + "=true: remove one (an SSL bundle means TLS)");
		}
		return !plaintext;
	}

	/**
	 * @return the largest response message the client accepts, in bytes
	 * @throws InvalidClientConfigurationException when that is out of the range channels take (an
	 * {@code int} of at least 1), rather than let it wrap around or refuse every response
	 */
	int maxInboundMessageBytes() {
		DataSize size = this.settings.getMaxInboundMessageSize();
		long bytes = size.toBytes();
		if (bytes < 1 || bytes >= Integer.MAX_VALUE) {
			throw new InvalidClientConfigurationException(
					"sets " + property("max-inbound-message-size") + "=" + size + ": it must be between 1B and 2047MB");
		}
		return (int) bytes;
	}

	/**
	 * @return how the client's calls are sent more than once, or {@code null} when they are
	 * sent once
	 * @throws InvalidClientConfigurationException naming a retry or hedging setting that is out
	 * of range, or both turned on
	 */
	AttemptPolicy attemptPolicy() {
		return policyOf(this.settings.getRetry(), this.settings.getHedging(), "");
	}

	/**
	 * @return when the client stops retrying and hedging, or {@code null} when it never does
	 * @throws InvalidClientConfigurationException naming a setting that is out of range
	 */
	RetryThrottling retryThrottling() {
		RpcClientProperties.RetryThrottling throttling = this.settings.getRetryThrottling();
		if (!throttling.getEnabled()) {
			return null;
		}
		try {
			return new RetryThrottling(throttling.getMaxTokens(), throttling.getTokenRatio());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClientConfigurationException(
					"has an invalid retry throttling: " + property("retry-throttling") + "." + ex.getMessage());
		}
	}

	/**
	 * The policies of the methods that have retry or hedging settings of their own, which win
	 * over the client's setting by setting. A method that turns one of them on turns off the
	 * other that it would inherit, unless it sets that one too.
	 * @return bare method name to its policy, {@code null} for a method sent once; empty when
	 * no method has such settings
	 * @throws InvalidClientConfigurationException naming a setting that is out of range, or a
	 * method with both turned on
	 */
	Map<String, AttemptPolicy> methodAttemptPolicies() {
		Map<String, AttemptPolicy> policies = new LinkedHashMap<>();
		this.settings.getMethods().forEach((name, method) -> {
			if (setsAny(method)) {
				RpcClientProperties.Retry retry = method.getRetry().orElse(this.settings.getRetry());
				RpcClientProperties.Hedging hedging = method.getHedging().orElse(this.settings.getHedging());
				if (method.getRetry().getEnabled() == null && Boolean.TRUE.equals(method.getHedging().getEnabled())) {
					retry.setEnabled(false);
				}
				if (method.getHedging().getEnabled() == null && Boolean.TRUE.equals(method.getRetry().getEnabled())) {
					hedging.setEnabled(false);
				}
				policies.put(name, policyOf(retry, hedging, "methods." + name + "."));
			}
		});
		return policies;
	}

	/**
	 * @return whether a method has retry or hedging settings of its own, without building its
	 * policy
	 */
	boolean hasMethodAttemptPolicies() {
		return this.settings.getMethods().values().stream().anyMatch(NamedClient::setsAny);
	}

	private static boolean setsAny(RpcClientProperties.Method method) {
		RpcClientProperties.Retry retry = method.getRetry();
		RpcClientProperties.Hedging hedging = method.getHedging();
		return retry.getEnabled() != null || retry.getMaxAttempts() != null || retry.getInitialBackoff() != null
				|| retry.getMaxBackoff() != null || retry.getBackoffMultiplier() != null
				|| retry.getRetryableStatusCodes() != null || hedging.getEnabled() != null
				|| hedging.getMaxAttempts() != null || hedging.getDelay() != null
				|| hedging.getNonFatalStatusCodes() != null;
	}

	/**
	 * @param retry merged retry settings, every one set
	 * @param hedging merged hedging settings, every one set
	 * @param key where they are set under the client, e.g. "" or "methods.SendEmail."
	 */
	private AttemptPolicy policyOf(RpcClientProperties.Retry retry, RpcClientProperties.Hedging hedging, String key) {
		if (retry.getEnabled() && hedging.getEnabled()) {
			throw new InvalidClientConfigurationException("sets both " + property(key + "retry.enabled") + " and "
					+ property(key + "hedging.enabled") + ": a call is retried or hedged, not both");
		}
		try {
			if (retry.getEnabled()) {
				return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff(),
						retry.getBackoffMultiplier(), new HashSet<>(retry.getRetryableStatusCodes()));
			}
			if (hedging.getEnabled()) {
				return new HedgingPolicy(hedging.getMaxAttempts(), hedging.getDelay(),
						new HashSet<>(hedging.getNonFatalStatusCodes()));
			}
			return null;
		}
		catch (IllegalArgumentException ex) {
			String kind = retry.getEnabled() ? "retry" : "hedging";
			throw new InvalidClientConfigurationException(
					"has an invalid " + kind + " policy: " + property(key + kind) + "." + ex.getMessage());
		}
	}

}
