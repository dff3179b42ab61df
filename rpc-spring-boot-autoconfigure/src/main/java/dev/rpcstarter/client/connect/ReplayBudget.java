package dev.rpcstarter.client.connect;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that a channel's streaming calls may keep all together to send again after the
 * server refused their streams: each call keeps at most {@link StreamingRequestBody#REPLAY_LIMIT_BYTES},
 * and many streams open at once could otherwise hold far more. A call that finds the budget
 * spent keeps nothing, and fails if its stream is refused, as grpc-java's transparent retries
 * do past their buffer limit.
 */
final class ReplayBudget {

	/** What a channel's calls keep together at most, grpc-java's default retry buffer size. */
	static final long CHANNEL_BYTES = 16L * 1024 * 1024;

	private final AtomicLong left;

	/**
	 * @param bytes the budget
	 */
	ReplayBudget(long bytes) {
		this.left = new AtomicLong(bytes);
	}

	/**
	 * Takes bytes from the budget if it has them.
	 * @param bytes how many
	 * @return whether they were taken; nothing is taken when too few are left
	 */
	boolean take(long bytes) {
		long now;
		do {
			now = this.left.get();
			if (now < bytes) {
				return false;
			}
		}
		while (!this.left.compareAndSet(now, now - bytes));
		return true;
	}

	/**
	 * Gives back bytes taken before.
	 * @param bytes how many
	 */
	void giveBack(long bytes) {
		this.left.addAndGet(bytes);
	}

}
