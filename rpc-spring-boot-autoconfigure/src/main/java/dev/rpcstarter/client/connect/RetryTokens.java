package dev.rpcstarter.client.connect;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tokens of a channel's {@link RetryThrottling}, counted in thousandths of a token so that
 * a ratio such as 0.1 adds up exactly. Shared by all the channel's calls.
 */
final class RetryTokens {

	/** Tokens of a channel without throttling: every retry and copy may go. */
	static final RetryTokens UNLIMITED = new RetryTokens(null);

	private final AtomicInteger thousandths;

	private final int max;

	private final int threshold;

	private final int ratio;

	RetryTokens(RetryThrottling throttling) {
		if (throttling == null) {
			this.thousandths = null;
			this.max = 0;
			this.threshold = 0;
			this.ratio = 0;
			return;
		}
		this.max = throttling.maxTokens() * 1000;
		this.threshold = this.max / 2;
		this.ratio = (int) Math.round(throttling.tokenRatio() * 1000);
		this.thousandths = new AtomicInteger(this.max);
	}

	/**
	 * @return whether these tokens limit retries, so that calls count
	 */
	boolean throttles() {
		return this.thousandths != null;
	}

	/** A call succeeded: gives back the ratio, up to the maximum. */
	void succeeded() {
		if (this.thousandths != null) {
			this.thousandths.accumulateAndGet(this.ratio, (tokens, ratio) -> Math.min(tokens + ratio, this.max));
		}
	}

	/** An attempt failed with a status the call's policy would try again after: takes a token. */
	void failed() {
		if (this.thousandths != null) {
			this.thousandths.accumulateAndGet(1000, (tokens, one) -> Math.max(tokens - one, 0));
		}
	}

	/**
	 * @return whether a call may be tried again, or a further copy sent, now
	 */
	boolean allowMore() {
		return this.thousandths == null || this.thousandths.get() > this.threshold;
	}

}
