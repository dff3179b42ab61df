package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSON without whitespace as UTF-8 into a {@link ScratchArray}'s array, for a printer
 * that knows the structure it writes: it places the commas and colons and checks nothing else.
 * A general JSON generator tracks and verifies every nesting level and copies its buffer into
 * the output once more.
 */
final class CompactJsonWriter {

	private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

	private final ScratchArray scratch;

	private byte[] bytes;

	private int size;

	/** Whether the last thing written was a value, which the next name or value follows after a comma. */
	private boolean afterValue;

	CompactJsonWriter(ScratchArray scratch, int expectedSize) {
		this.scratch = scratch;
		this.bytes = scratch.take(Math.max(expectedSize, 16));
	}

	void startObject() {
		open((byte) '{');
	}

	void endObject() {
		close((byte) '}');
	}

	void startArray() {
		open((byte) '[');
	}

	void endArray() {
		close((byte) ']');
	}

	private void open(byte bracket) {
		startValue();
		put(bracket);
		this.afterValue = false;
	}

	private void close(byte bracket) {
		put(bracket);
		this.afterValue = true;
	}

	/**
	 * Writes a name and its colon.
	 * @param escaped the name's UTF-8 bytes, escaped, without quotes
	 */
	void name(byte[] escaped) {
		name(escaped, escaped.length);
	}

	/** Writes a name from the first {@code length} bytes of {@code escaped}. */
	void name(byte[] escaped, int length) {
		quoted(escaped, length);
		put((byte) ':');
		this.afterValue = false;
	}

	/**
	 * Writes a name and its colon if all its characters are plain ASCII.
	 * @param chars the name's characters
	 * @param length how many of them
	 * @return whether it was written; if not, nothing was
	 * @see JsonFormatString#isPlain(char)
	 */
	boolean plainName(char[] chars, int length) {
		if (!plainString(chars, length)) {
			return false;
		}
		put((byte) ':');
		this.afterValue = false;
		return true;
	}

	/**
	 * Writes a string value if all its characters are plain ASCII: most strings are, and they
	 * need neither escaping nor encoding.
	 * @param chars the string's characters
	 * @param length how many of them
	 * @return whether it was written; if not, nothing was
	 * @see JsonFormatString#isPlain(char)
	 */
	boolean plainString(char[] chars, int length) {
		int start = this.size;
		startValue();
		ensure(length + 2);
		byte[] out = this.bytes;
		int at = this.size;
		out[at++] = '"';
		for (int i = 0; i < length; i++) {
			char c = chars[i];
			if (!JsonFormatString.isPlain(c)) {
				this.size = start;
				return false;
			}
			out[at++] = (byte) c;
		}
		out[at++] = '"';
		this.size = at;
		this.afterValue = true;
		return true;
	}

	/** Writes a string value from the first {@code length} bytes of {@code escaped}, without quotes. */
	void string(byte[] escaped, int length) {
		quoted(escaped, length);
		this.afterValue = true;
	}

	/** Writes a string value whose characters are all plain ASCII: digits, letters and the like. */
	void asciiString(String ascii) {
		startValue();
		ensure(ascii.length() + 2);
		this.bytes[this.size++] = '"';
		putAscii(ascii);
		this.bytes[this.size++] = '"';
		this.afterValue = true;
	}

	/** Writes an integer, digit by digit: {@code Integer.toString} would make a string of them first. */
	void number(int value) {
		if (value == Integer.MIN_VALUE) {
			// The one int whose negation is not an int.
			number(Integer.toString(value));
			return;
		}
		startValue();
		ensure(11);
		if (value < 0) {
			this.bytes[this.size++] = '-';
			value = -value;
		}
		int end = this.size + digitCount(value);
		for (int at = end - 1; at >= this.size; at--) {
			this.bytes[at] = (byte) ('0' + value % 10);
			value /= 10;
		}
		this.size = end;
		this.afterValue = true;
	}

	private static int digitCount(int nonNegative) {
		int count = 1;
		while (nonNegative >= 10) {
			nonNegative /= 10;
			count++;
		}
		return count;
	}

	/** Writes a number, as its ASCII text. */
	void number(String ascii) {
		startValue();
		ensure(ascii.length());
		putAscii(ascii);
		this.afterValue = true;
	}

	void bool(boolean value) {
		raw(value ? TRUE : FALSE);
	}

	void nullValue() {
		raw(NULL);
	}

	/** Writes a complete JSON value as it is. */
	void raw(byte[] json) {
		startValue();
		ensure(json.length);
		System.arraycopy(json, 0, this.bytes, this.size, json.length);
		this.size += json.length;
		this.afterValue = true;
	}

	/** What was written, in an array of its own. */
	byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.size);
	}

	/** Gives the array back to the scratch; nothing may be written or read afterwards. */
	void release() {
		this.scratch.giveBack(this.bytes);
		this.bytes = null;
	}

	private void quoted(byte[] escaped, int length) {
		startValue();
		ensure(length + 2);
		this.bytes[this.size++] = '"';
		System.arraycopy(escaped, 0, this.bytes, this.size, length);
		this.size += length;
		this.bytes[this.size++] = '"';
	}

	private void startValue() {
		if (this.afterValue) {
			put((byte) ',');
		}
	}

	private void putAscii(String ascii) {
		for (int i = 0; i < ascii.length(); i++) {
			this.bytes[this.size++] = (byte) ascii.charAt(i);
		}
	}

	private void put(byte b) {
		ensure(1);
		this.bytes[this.size++] = b;
	}

	private void ensure(int more) {
		if (this.size + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + more));
		}
	}

}
