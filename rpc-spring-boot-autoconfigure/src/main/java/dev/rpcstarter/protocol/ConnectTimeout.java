package dev.rpcstarter.protocol;

import java.util.concurrent.TimeUnit;

import io.grpc.Status;

/**
 * Reads and writes the {@code Connect-Timeout-Ms} request header: at most ten ASCII digits, in
 * milliseconds.
 */
public final class ConnectTimeout {

	private static final int MAX_DIGITS = 10;

	private static final long MAX_VALUE = 9_999_999_999L;

	private ConnectTimeout() {
	}

	/**
	 * Parses a header value.
	 * @param header the header's value, or {@code null} when absent
	 * @return the timeout in milliseconds, or {@code -1} when the caller set none
	 * @throws io.grpc.StatusRuntimeException with {@code INVALID_ARGUMENT} when the value is not
	 * a valid timeout
	 */
	public static long parseMillis(String header) {
		if (header == null) {
			return -1;
		}
		if (header.isEmpty() || header.length() > MAX_DIGITS || !header.chars().allMatch(ConnectTimeout::isDigit)) {
			throw Status.INVALID_ARGUMENT
				.withDescription("connect-timeout-ms must be 1 to 10 digits, got \"" + header + "\"")
				.asRuntimeException();
		}
		return Long.parseLong(header);
	}

	/**
	 * Writes a header value, rounding up to whole milliseconds so that a caller never asks the
	 * server for less time than it has left.
	 * @param nanos the time left, more than zero
	 * @return the header's value
	 */
	public static String format(long nanos) {
		long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
		return Long.toString(Math.min(millis, MAX_VALUE));
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

}
