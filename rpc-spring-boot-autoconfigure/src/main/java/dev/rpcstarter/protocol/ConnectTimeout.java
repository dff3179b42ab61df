package dev.rpcstarter.protocol;

import io.grpc.Status;

/**
 * Reads the {@code Connect-Timeout-Ms} request header: at most ten ASCII digits, in
 * milliseconds.
 */
public final class ConnectTimeout {

	private static final int MAX_DIGITS = 10;

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

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

}
