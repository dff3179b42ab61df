package dev.rpcstarter.client.connect;

import java.time.Duration;
import java.util.Set;

import io.grpc.Status;

/**
 * Hedged calls, with the meaning of gRPC's hedging policy (gRFC A6): a call is sent again each
 * time {@code delay} passes without an answer, up to {@code maxAttempts} copies in flight at
 * once; the first answer wins and the other copies are cancelled. A copy that fails with a code
 * in {@code nonFatalCodes} leaves the call to the others, and the next copy is sent at once;
 * any other failure is the call's outcome. Only for methods that are safe to run more than once.
 *
 * @param maxAttempts copies of a call at most, the first included; at least 2
 * @param delay time between one copy and the next; zero sends them all at once
 * @param nonFatalCodes the codes of a failed copy after which the call goes on
 */
public record HedgingPolicy(int maxAttempts, Duration delay, Set<Status.Code> nonFatalCodes) implements AttemptPolicy {

	/**
	 * @throws IllegalArgumentException naming the value that grpc-java's hedging policy would
	 * refuse as well
	 */
	public HedgingPolicy {
		if (maxAttempts < 2) {
			throw new IllegalArgumentException("max-attempts must be at least 2, was " + maxAttempts);
		}
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, was " + delay);
		}
		if (nonFatalCodes.contains(Status.Code.OK)) {
			throw new IllegalArgumentException("non-fatal-status-codes must name error codes, was " + nonFatalCodes);
		}
		nonFatalCodes = Set.copyOf(nonFatalCodes);
	}

	/**
	 * @param failure how a copy of a call ended
	 * @return whether the call goes on without it
	 */
	boolean isNonFatal(Status failure) {
		return this.nonFatalCodes.contains(failure.getCode());
	}

}
