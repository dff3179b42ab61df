package dev.rpcstarter.protocol;

import java.util.Arrays;


/**
 * Writes the protobuf binary wire format into a growing array.
 *
 * <p>{@code CodedOutputStream} needs every nested message's length before its content, which a
 * streaming JSON reader only knows afterwards; this writer reserves one byte for the length and
 * moves the content along in the rare case that the length needs more.
 */
final class WireWriter {

	private byte[] bytes;

	private int size;

	/**
	 * Creates a writer that starts writing into an array it may outgrow.
	 * @param initial the first array, of at least one byte; {@link #bytes()} is it or its successor
	 */
	WireWriter(byte[] initial) {
		this.bytes = initial;
	}

	byte[] bytes() {
		return this.bytes;
	}

	int size() {
		return this.size;
	}

	/** Forgets what was written after {@code mark}, a value of {@link #size()}. */
	void truncate(int mark) {
		this.size = mark;
	}

	void writeTag(int number, int wireType) {
		writeVarint32((number << 3) | wireType);
	}

	void writeVarint32(int value) {
		if (value < 0) {
			// Negative int32 values are sign-extended to ten bytes on the wire.
			writeVarint64(value);
			return;
		}
		ensure(5);
		while ((value & ~0x7F) != 0) {
			this.bytes[this.size++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		this.bytes[this.size++] = (byte) value;
	}

	void writeVarint64(long value) {
		ensure(10);
		while ((value & ~0x7FL) != 0) {
			this.bytes[this.size++] = (byte) ((value & 0x7F) | 0x80);
			value >>>= 7;
		}
		this.bytes[this.size++] = (byte) value;
	}

	void writeFixed32(int value) {
		ensure(4);
		for (int i = 0; i < 4; i++) {
			this.bytes[this.size++] = (byte) (value >>> (8 * i));
		}
	}

	void writeFixed64(long value) {
		ensure(8);
		for (int i = 0; i < 8; i++) {
			this.bytes[this.size++] = (byte) (value >>> (8 * i));
		}
	}

	void writeLengthDelimited(byte[] value) {
		writeVarint32(value.length);
		ensure(value.length);
		System.arraycopy(value, 0, this.bytes, this.size, value.length);
		this.size += value.length;
	}

	/**
	 * Writes a string as length-delimited UTF-8, straight from the characters a JSON parser
	 * holds, without a {@code String} in between. An unpaired surrogate becomes {@code ?}, as in
	 * {@code String.getBytes(UTF_8)}.
	 */
	void writeUtf8(char[] chars, int offset, int length) {
		int end = offset + length;
		int utf8Length = 0;
		for (int i = offset; i < end; i++) {
			char c = chars[i];
			if (c < 0x80) {
				utf8Length++;
			}
			else if (c < 0x800) {
				utf8Length += 2;
			}
			else if (isSurrogatePair(chars, i, end)) {
				utf8Length += 4;
				i++;
			}
			else {
				utf8Length += Character.isSurrogate(c) ? 1 : 3;
			}
		}
		writeVarint32(utf8Length);
		ensure(utf8Length);
		byte[] out = this.bytes;
		int at = this.size;
		for (int i = offset; i < end; i++) {
			char c = chars[i];
			if (c < 0x80) {
				out[at++] = (byte) c;
			}
			else if (c < 0x800) {
				out[at++] = (byte) (0xC0 | (c >>> 6));
				out[at++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (isSurrogatePair(chars, i, end)) {
				int codePoint = Character.toCodePoint(c, chars[++i]);
				out[at++] = (byte) (0xF0 | (codePoint >>> 18));
				out[at++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
				out[at++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
				out[at++] = (byte) (0x80 | (codePoint & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				out[at++] = '?';
			}
			else {
				out[at++] = (byte) (0xE0 | (c >>> 12));
				out[at++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
				out[at++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		this.size = at;
	}

	private static boolean isSurrogatePair(char[] chars, int i, int end) {
		return Character.isHighSurrogate(chars[i]) && i + 1 < end && Character.isLowSurrogate(chars[i + 1]);
	}

	/**
	 * Starts a length-delimited value whose length is not known yet.
	 * @return where its content starts, for {@link #endLengthDelimited(int)}
	 */
	int startLengthDelimited() {
		ensure(1);
		this.size++;
		return this.size;
	}

	void endLengthDelimited(int start) {
		int length = this.size - start;
		int extra = varint32Size(length) - 1;
		if (extra > 0) {
			ensure(extra);
			System.arraycopy(this.bytes, start, this.bytes, start + extra, length);
		}
		int end = this.size + extra;
		this.size = start - 1;
		writeVarint32(length);
		this.size = end;
	}

	private static int varint32Size(int value) {
		int size = 1;
		while ((value & ~0x7F) != 0) {
			value >>>= 7;
			size++;
		}
		return size;
	}

	private void ensure(int more) {
		if (this.size + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + more));
		}
	}

}
