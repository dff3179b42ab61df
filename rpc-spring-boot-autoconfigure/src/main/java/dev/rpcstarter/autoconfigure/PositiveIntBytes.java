package dev.rpcstarter.autoconfigure;

import org.springframework.util.unit.DataSize;

/**
 * Reads a size property that the server uses as an {@code int} number of bytes, and fails
 * start-up with the property's name when it is out of that range, rather than let it wrap
 * around or turn into a limit of nothing.
 */
final class PositiveIntBytes {

	private PositiveIntBytes() {
	}

	/**
	 * @param property the property's full name, for the error
	 * @param size its value
	 * @return its number of bytes
	 * @throws IllegalStateException when that is not between 1 and {@code Integer.MAX_VALUE - 1}
	 */
	static int of(String property, DataSize size) {
		long bytes = size.toBytes();
		if (bytes < 1 || bytes >= Integer.MAX_VALUE) {
			throw new IllegalStateException(property + " must be between 1B and 2047MB, but is " + size);
		}
		return (int) bytes;
	}

}
