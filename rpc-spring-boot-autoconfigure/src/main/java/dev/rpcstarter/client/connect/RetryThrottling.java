package dev.rpcstarter.client.connect;

/**
 * How a channel stops retrying and hedging while its calls keep failing, with the meaning of
 * gRPC's retry throttling (gRFC A6): the channel holds tokens, {@code maxTokens} at first; each
 * attempt that fails with a status its policy would retry, or a hedged copy with a non-fatal
 * one, takes one token, and each call that succeeds gives back {@code tokenRatio} of one, up to
 * {@code maxTokens}. While the channel holds half of {@code maxTokens} or less, calls are not
 * tried again and no further copies are sent.
 *
 * @param maxTokens the tokens at first and at most; from 1 to 1000
 * @param tokenRatio the tokens a call that succeeds gives back; above 0, in thousandths
 */
public record RetryThrottling(int maxTokens, double tokenRatio) {

	/**
	 * @throws IllegalArgumentException naming the value that gRPC's service config would refuse
	 * as well
	 */
	public RetryThrottling {
		if (maxTokens < 1 || maxTokens > 1000) {
			throw new IllegalArgumentException("max-tokens must be from 1 to 1000, was " + maxTokens);
		}
		if (!(tokenRatio >= 0.001)) {
			throw new IllegalArgumentException("token-ratio must be at least 0.001, was " + tokenRatio);
		}
	}

}
