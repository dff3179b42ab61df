package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Strings escaped exactly as protobuf-java-util's JsonFormat escapes them (it writes strings
 * with Gson's HTML-safe defaults): control characters as six-character escapes with lowercase
 * hex digits (except the five with a short form), and {@code < > & = '} and U+2028/U+2029 escaped
 * the same way; everything else, characters outside the BMP included, as UTF-8.
 */
final class JsonFormatString {

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

	private JsonFormatString() {
	}

	/** Whether a character stands for itself inside a JSON string, as plain ASCII. */
	static boolean isPlain(char c) {
		return c < 128 && ASCII_ESCAPES[c] == null;
	}

	/**
	 * A string's content inside a JSON string, escaped as JsonFormat escapes it.
	 * @param value the string
	 * @return its escaped UTF-8, without the quotes
	 */
	static byte[] escapedUtf8(String value) {
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
		return escaped.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static String unicodeEscape(int c) {
		return String.format("\\u%04x", c);
	}

}
