package dev.rpcstarter.protocol;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads scalar values by the proto3 JSON mapping's rules, as JsonFormat's parser applies them:
 * numbers may be given as JSON numbers or strings, integers also as exact decimals ({@code 1.0},
 * {@code 1e2}), floats as {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, booleans also as
 * the strings {@code "true"} and {@code "false"}, bytes in standard or URL-safe base64.
 *
 * <p>Each method reads the parser's current token, or the current field name when it is a map
 * key; plain JSON numbers take a shortcut that gives the same value as the general rule.
 */
final class JsonScalars {

	private static final BigInteger MAX_UINT32 = BigInteger.valueOf(0xFFFFFFFFL);

	private static final BigInteger MAX_UINT64 = new BigInteger("FFFFFFFFFFFFFFFF", 16);

	/** JsonFormat allows this much above the largest float or double, for printing's rounding. */
	private static final double EPSILON = 1e-6;

	private static final BigDecimal MAX_DOUBLE = BigDecimal.valueOf(Double.MAX_VALUE)
		.multiply(BigDecimal.valueOf(1 + EPSILON));

	private JsonScalars() {
	}

	static int int32(JsonParser in) throws IOException {
		if (in.currentToken() == JsonToken.VALUE_NUMBER_INT && in.getNumberType() == JsonParser.NumberType.INT) {
			return in.getIntValue();
		}
		long value = integer(in, "int32");
		if ((int) value != value) {
			throw invalid("int32", in.getText());
		}
		return (int) value;
	}

	static int uint32(JsonParser in) throws IOException {
		String text = text(in);
		BigInteger value = isPlainInteger(in) ? BigInteger.valueOf(in.getLongValue()) : exactInteger(text, "uint32");
		if (value.signum() < 0 || value.compareTo(MAX_UINT32) > 0) {
			throw invalid("uint32", text);
		}
		return value.intValue();
	}

	static long int64(JsonParser in) throws IOException {
		return integer(in, "int64");
	}

	/** A signed integer written plainly or as an exact decimal ({@code 1.0}, {@code 1e2}). */
	private static long integer(JsonParser in, String type) throws IOException {
		if (isPlainInteger(in)) {
			return in.getLongValue();
		}
		String text = text(in);
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			// Not written as a plain integer; an exact decimal will do.
		}
		try {
			return exactDecimal(text, type).longValueExact();
		}
		catch (ArithmeticException ex) {
			throw invalid(type, text);
		}
	}

	static long uint64(JsonParser in) throws IOException {
		if (isPlainInteger(in) && in.getLongValue() >= 0) {
			return in.getLongValue();
		}
		String text = text(in);
		BigInteger value = exactInteger(text, "uint64");
		if (value.signum() < 0 || value.compareTo(MAX_UINT64) > 0) {
			throw invalid("uint64", text);
		}
		return value.longValue();
	}

	static double float64(JsonParser in) throws IOException {
		if (in.currentToken() == JsonToken.VALUE_NUMBER_FLOAT || in.currentToken() == JsonToken.VALUE_NUMBER_INT) {
			double value = in.getDoubleValue();
			if (!Double.isInfinite(value)) {
				return value;
			}
		}
		String text = text(in);
		Double special = special(text);
		if (special != null) {
			return special;
		}
		BigDecimal value;
		try {
			value = new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			throw invalid("double", text);
		}
		if (value.abs().compareTo(MAX_DOUBLE) > 0) {
			throw invalid("double", text);
		}
		// BigDecimal has no negative zero; keep the sign that "-0.0" was written with, so that
		// printed messages read back equal (JsonFormat itself reads +0.0 here).
		return (value.signum() == 0 && text.startsWith("-")) ? -0.0 : value.doubleValue();
	}

	static float float32(JsonParser in) throws IOException {
		String text = text(in);
		Double special = special(text);
		if (special != null) {
			return special.floatValue();
		}
		double value;
		try {
			value = Double.parseDouble(text);
		}
		catch (NumberFormatException ex) {
			throw invalid("float", text);
		}
		if (Math.abs(value) > Float.MAX_VALUE * (1.0 + EPSILON)) {
			throw invalid("float", text);
		}
		return (float) value;
	}

	static boolean bool(JsonParser in) throws IOException {
		String text = text(in);
		if (text.equals("true")) {
			return true;
		}
		if (text.equals("false")) {
			return false;
		}
		throw new InvalidProtocolBufferException("Invalid bool value: " + text);
	}

	/** Standard base64 first, then URL-safe; padding may be left out, but not be wrong. */
	static byte[] bytes(JsonParser in) throws IOException {
		String text = text(in);
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			try {
				return Base64.getUrlDecoder().decode(text);
			}
			catch (IllegalArgumentException notUrlSafe) {
				throw new InvalidProtocolBufferException("Invalid base64 bytes value: " + text);
			}
		}
	}

	/** The text of a scalar token or of a field name (a map key); objects and arrays are not scalars. */
	static String text(JsonParser in) throws IOException {
		checkScalar(in);
		return in.getText();
	}

	/** Fails unless the current token is a scalar or a field name (a map key). */
	static void checkScalar(JsonParser in) throws InvalidProtocolBufferException {
		JsonToken token = in.currentToken();
		if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
			throw new InvalidProtocolBufferException("Expected a scalar value but got: " + token.asString());
		}
	}

	private static boolean isPlainInteger(JsonParser in) throws IOException {
		return in.currentToken() == JsonToken.VALUE_NUMBER_INT && in.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
	}

	private static Double special(String text) {
		return switch (text) {
			case "NaN" -> Double.NaN;
			case "Infinity" -> Double.POSITIVE_INFINITY;
			case "-Infinity" -> Double.NEGATIVE_INFINITY;
			default -> null;
		};
	}

	private static BigDecimal exactDecimal(String text, String type) throws InvalidProtocolBufferException {
		try {
			return new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			throw invalid(type, text);
		}
	}

	private static BigInteger exactInteger(String text, String type) throws InvalidProtocolBufferException {
		try {
			return exactDecimal(text, type).toBigIntegerExact();
		}
		catch (ArithmeticException ex) {
			throw invalid(type, text);
		}
	}

	private static InvalidProtocolBufferException invalid(String type, String text) {
		return new InvalidProtocolBufferException("Not a valid " + type + " value: " + text);
	}

}
