package dev.rpcstarter.protocol;

/**
 * One byte array per thread, lent out for work whose result is copied elsewhere before the
 * work ends: the JSON codec's output. A message of a few kilobytes otherwise costs a fresh
 * array (and the copies of its growth) on every call.
 *
 * <p>Taking the array leaves the thread without one until it is given back, so work nested on
 * the same thread gets a fresh array rather than one in use. Arrays larger than
 * {@link #MAX_KEPT_SIZE} are not kept: one huge message must not pin memory on every thread.
 */
final class ScratchArray {

	private static final int MAX_KEPT_SIZE = 64 * 1024;

	private final ThreadLocal<byte[]> kept = new ThreadLocal<>();

	/**
	 * Takes this thread's array, or a new one when it has none or too small a one.
	 * @param minSize the size needed
	 * @return an array of at least {@code minSize} bytes, contents undefined
	 */
	byte[] take(int minSize) {
		byte[] array = this.kept.get();
		if (array == null || array.length < minSize) {
			return new byte[minSize];
		}
		this.kept.set(null);
		return array;
	}

	/**
	 * Gives an array back for the next {@link #take(int)} on this thread.
	 * @param array an array from {@code take}, possibly grown since; nothing may use it afterwards
	 */
	void giveBack(byte[] array) {
		if (array.length <= MAX_KEPT_SIZE) {
			this.kept.set(array);
		}
	}

}
