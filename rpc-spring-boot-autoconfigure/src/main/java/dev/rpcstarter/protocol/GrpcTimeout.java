package dev.rpcstarter.protocol;

import java.util.concurrent.TimeUnit;

import io.grpc.Status;

/**
 * Reads and writes the {@code grpc-timeout} request header of gRPC and gRPC-Web: at most eight ASCII
 * digits followed by a unit, {@code H M S m u n}.
 */
public final class GrpcTimeout {

	private static final int MAX_DIGITS = 8;

	private GrpcTimeout() {
	}

	/**
	 * Parses a header value.
	 * @param header the header's value, or {@code null} when absent
	 * @return the timeout in nanoseconds, or {@code -1} when the caller set none
	 * @throws io.grpc.StatusRuntimeException with {@code INVALID_ARGUMENT} when the value is not
	 * a valid timeout
	 */
	public static long parseNanos(String header) {
		if (header == null) {
			return -1;
		}
		String digits = header.isEmpty() ? "" : header.substring(0, header.length() - 1);
		TimeUnit unit = header.isEmpty() ? null : unitOf(header.charAt(header.length() - 1));
		if (unit == null || digits.isEmpty() || digits.length() > MAX_DIGITS
				|| !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw Status.INVALID_ARGUMENT.withDescription("grpc-timeout is not valid: \"" + header + "\"")
				.asRuntimeException();
		}
		return unit.toNanos(Long.parseLong(digits));
	}

	/**
	 * Writes a header value in the finest unit whose count fits the eight digits.
	 * @param nanos the time left, more than zero
	 * @return the header's value
	 */
	public static String format(long nanos) {
		long max = 99_999_999;
		if (nanos <= max) {
			return nanos + "n";
		}
		for (char unit : new char[] { 'u', 'm', 'S', 'M' }) {
			// Rounded up: a caller must never ask the server for less time than it has left.
			long count = ceilDiv(nanos, unitOf(unit).toNanos(1));
			if (count <= max) {
				return count + Character.toString(unit);
			}
		}
		return Math.min(ceilDiv(nanos, TimeUnit.HOURS.toNanos(1)), max) + "H";
	}

	private static long ceilDiv(long dividend, long divisor) {
		return (dividend + divisor - 1) / divisor;
	}

	private static TimeUnit unitOf(char unit) {
		return switch (unit) {
			case 'H' -> TimeUnit.HOURS;
			case 'M' -> TimeUnit.MINUTES;
			case 'S' -> TimeUnit.SECONDS;
			case 'm' -> TimeUnit.MILLISECONDS;
			case 'u' -> TimeUnit.MICROSECONDS;
			case 'n' -> TimeUnit.NANOSECONDS;
			default -> null;
		};
	}

}
