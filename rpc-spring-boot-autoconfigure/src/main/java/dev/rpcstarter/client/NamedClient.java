package dev.rpcstarter.client;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.client.connect.RetryPolicy;

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
	 * @return the retry policy of the client, or {@code null} when retries are off
	 * @throws InvalidClientConfigurationException naming a retry setting that is out of range
	 */
	RetryPolicy retryPolicy() {
		return policyOf(this.settings.getRetry(), property("retry"));
	}

	/**
	 * The retry policies of the methods that have retry settings of their own, which win
	 * over the client's setting by setting.
	 * @return bare method name to its policy, {@code null} for a method not retried; empty
	 * when no method has retry settings
	 * @throws InvalidClientConfigurationException naming a retry setting that is out of range
	 */
	Map<String, RetryPolicy> methodRetryPolicies() {
		Map<String, RetryPolicy> policies = new LinkedHashMap<>();
		this.settings.getMethods().forEach((name, method) -> {
			if (setsAny(method.getRetry())) {
				policies.put(name, policyOf(method.getRetry().orElse(this.settings.getRetry()),
						property("methods." + name + ".retry")));
			}
		});
		return policies;
	}

	/**
	 * @return whether a method has retry settings of its own, without building its policy
	 */
	boolean hasMethodRetries() {
		return this.settings.getMethods().values().stream().anyMatch((method) -> setsAny(method.getRetry()));
	}

	private static boolean setsAny(RpcClientProperties.Retry retry) {
		return retry.getEnabled() != null || retry.getMaxAttempts() != null || retry.getInitialBackoff() != null
				|| retry.getMaxBackoff() != null || retry.getBackoffMultiplier() != null
				|| retry.getRetryableStatusCodes() != null;
	}

	/**
	 * @param retry merged retry settings, every one set
	 * @param property where they are set, e.g. "rpc.client.email.retry"
	 */
	private static RetryPolicy policyOf(RpcClientProperties.Retry retry, String property) {
		if (!retry.getEnabled()) {
			return null;
		}
		try {
			return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff(),
					retry.getBackoffMultiplier(), new HashSet<>(retry.getRetryableStatusCodes()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClientConfigurationException(
					"has an invalid retry policy: " + property + "." + ex.getMessage());
		}
	}

}
