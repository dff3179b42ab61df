package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.SerializableString;

/**
 * A string escaped exactly as protobuf-java-util's JsonFormat escapes it (it writes strings
 * with Gson's HTML-safe defaults): control characters as six-character escapes with lowercase
 * hex digits (except the five with a short form), and {@code < > & = '} and U+2028/U+2029 escaped
 * the same way; everything else, characters outside the BMP included, as UTF-8.
 *
 * <p>Jackson's own escaping cannot be configured to match (its custom escapes also escape
 * surrogate pairs), so the generator is handed the finished bytes: it writes a
 * {@code SerializableString}'s quoted bytes as they are, as a value or as a field name.
 */
final class JsonFormatString implements SerializableString {

	private static final String[] ASCII_ESCAPES = new String[128];

	static {
		for (int c = 0; c < 0x20; c++) {
			ASCII_ESCAPES[c] = unicodeEscape(c);
		}
		"<>&='".chars().forEach((c) -> ASCII_ESCAPES[c] = unicodeEscape(c));
		ASCII_ESCAPES['"'] = "\\\"";
		ASCII_ESCAPES['\\'] = "\\\\";
		ASCII_ESCAPES['\b'] = "\\b";
		ASCII_ESCAPES['\t'] = "\\t";
		ASCII_ESCAPES['\n'] = "\\n";
		ASCII_ESCAPES['\f'] = "\\f";
		ASCII_ESCAPES['\r'] = "\\r";
	}

	private final String value;

	private final String quoted;

	private final byte[] quotedUtf8;

	JsonFormatString(String value) {
		this.value = value;
		this.quoted = escape(value);
		this.quotedUtf8 = this.quoted.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Copies characters as ASCII bytes if each stands for itself inside a JSON string, so that
	 * the bytes may be written between quotes as they are.
	 * @param chars the characters
	 * @param length how many of them
	 * @param ascii where to copy them, at least {@code length} long
	 * @return whether all were plain; if not, {@code ascii} holds a part of them
	 */
	static boolean copyIfPlain(char[] chars, int length, byte[] ascii) {
		for (int i = 0; i < length; i++) {
			char c = chars[i];
			if (c >= 128 || ASCII_ESCAPES[c] != null) {
				return false;
			}
			ascii[i] = (byte) c;
		}
		return true;
	}

	private static String unicodeEscape(int c) {
		return String.format("\\u%04x", c);
	}

	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 16);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 128 && ASCII_ESCAPES[c] != null) {
				escaped.append(ASCII_ESCAPES[c]);
			}
			else if (c == '\u2028' || c == '\u2029') {
				escaped.append(unicodeEscape(c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

	@Override
	public String getValue() {
		return this.value;
	}

	@Override
	public int charLength() {
		return this.value.length();
	}

	@Override
	public char[] asQuotedChars() {
		return this.quoted.toCharArray();
	}

	@Override
	public byte[] asUnquotedUTF8() {
		return this.value.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public byte[] asQuotedUTF8() {
		return this.quotedUtf8.clone();
	}

	@Override
	public int appendQuotedUTF8(byte[] buffer, int offset) {
		return append(this.quotedUtf8, buffer, offset);
	}

	@Override
	public int appendQuoted(char[] buffer, int offset) {
		return append(asQuotedChars(), buffer, offset);
	}

	@Override
	public int appendUnquotedUTF8(byte[] buffer, int offset) {
		return append(asUnquotedUTF8(), buffer, offset);
	}

	@Override
	public int appendUnquoted(char[] buffer, int offset) {
		return append(this.value.toCharArray(), buffer, offset);
	}

	@Override
	public int writeQuotedUTF8(OutputStream out) throws IOException {
		out.write(this.quotedUtf8);
		return this.quotedUtf8.length;
	}

	@Override
	public int writeUnquotedUTF8(OutputStream out) throws IOException {
		byte[] unquoted = asUnquotedUTF8();
		out.write(unquoted);
		return unquoted.length;
	}

	@Override
	public int putQuotedUTF8(ByteBuffer buffer) {
		return put(this.quotedUtf8, buffer);
	}

	@Override
	public int putUnquotedUTF8(ByteBuffer buffer) {
		return put(asUnquotedUTF8(), buffer);
	}

	/** Copies all of {@code from} if it fits, as the interface asks; -1 if it does not. */
	private static int append(Object from, Object to, int offset) {
		int length = Array.getLength(from);
		if (offset + length > Array.getLength(to)) {
			return -1;
		}
		System.arraycopy(from, 0, to, offset, length);
		return length;
	}

	private static int put(byte[] bytes, ByteBuffer buffer) {
		if (bytes.length > buffer.remaining()) {
			return -1;
		}
		buffer.put(bytes);
		return bytes.length;
	}

}
