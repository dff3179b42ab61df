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

	WireWriter(int expectedSize) {
		this.bytes = new byte[Math.max(expectedSize, 16)];
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
