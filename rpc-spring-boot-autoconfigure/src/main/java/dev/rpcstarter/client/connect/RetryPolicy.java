package dev.rpcstarter.client.connect;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.grpc.Status;

/**
 * When and how often a failed call is tried again, with the meaning of gRPC's retry policy
 * (gRFC A6): at most {@code maxAttempts} attempts, only after a status in
 * {@code retryableCodes}, each after a random pause below a bound that starts at
 * {@code initialBackoff} and grows by {@code backoffMultiplier} up to {@code maxBackoff}.
 *
 * @param maxAttempts attempts at most, the first included; at least 2
 * @param initialBackoff bound of the pause before the first retry
 * @param maxBackoff largest bound of a pause
 * @param backoffMultiplier growth of the bound per retry
 * @param retryableCodes the codes after which a call is retried
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double backoffMultiplier,
		Set<Status.Code> retryableCodes) implements AttemptPolicy {

	/**
	 * @throws IllegalArgumentException naming the value that grpc-java's retry policy would
	 * refuse as well
	 */
	public RetryPolicy {
		if (maxAttempts < 2) {
			throw new IllegalArgumentException("max-attempts must be at least 2, was " + maxAttempts);
		}
		if (initialBackoff.isNegative() || initialBackoff.isZero()) {
			throw new IllegalArgumentException("initial-backoff must be positive, was " + initialBackoff);
		}
		if (maxBackoff.isNegative() || maxBackoff.isZero()) {
			throw new IllegalArgumentException("max-backoff must be positive, was " + maxBackoff);
		}
		if (!(backoffMultiplier > 0)) {
			throw new IllegalArgumentException("backoff-multiplier must be positive, was " + backoffMultiplier);
		}
		if (retryableCodes.isEmpty() || retryableCodes.contains(Status.Code.OK)) {
			throw new IllegalArgumentException("retryable-status-codes must name error codes, was " + retryableCodes);
		}
		retryableCodes = Set.copyOf(retryableCodes);
	}

	/**
	 * @param failure how an attempt ended
	 * @return whether its code is one to retry after
	 */
	public boolean retries(Status failure) {
		return this.retryableCodes.contains(failure.getCode());
	}

	/**
	 * @param retry 1 for the first retry, 2 for the second...
	 * @return a random pause below the bound for that retry
	 */
	Duration backoff(int retry) {
		double bound = Math.min(this.initialBackoff.toNanos() * Math.pow(this.backoffMultiplier, retry - 1),
				this.maxBackoff.toNanos());
		return Duration.ofNanos((long) (ThreadLocalRandom.current().nextDouble() * bound));
	}

}
