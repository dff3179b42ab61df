package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;

/**
 * Prints messages in the canonical proto3 JSON mapping, byte for byte as
 * {@code JsonFormat.printer().omittingInsignificantWhitespace()} does, straight from the
 * message's generated getters (see {@link FieldAccessor}), guided by the {@link JsonFieldTable}.
 *
 * <p>Like JsonFormat it writes the fields that are set in number order, leaves out unknown
 * fields, and writes map entries in the map's own order.
 */
final class MessageJsonPrinter {

	private static final ScratchArray JSON_SCRATCH = new ScratchArray();

	/**
	 * The least room a call starts with; a thread's scratch array has usually grown larger. Not
	 * sized from the message: {@code getSerializedSize()} walks a message it has not sized yet.
	 */
	private static final int INITIAL_SIZE = 1024;

	private final JsonFormat.Printer wellKnownPrinter;

	MessageJsonPrinter(JsonFormat.Printer wellKnownPrinter) {
		this.wellKnownPrinter = wellKnownPrinter;
	}

	byte[] print(JsonFieldTable type, Message message) throws InvalidProtocolBufferException {
		CompactJsonWriter out = new CompactJsonWriter(JSON_SCRATCH, INITIAL_SIZE);
		try {
			new Printing(out).printFields(type, message);
			return out.toByteArray();
		}
		finally {
			out.release();
		}
	}

	/** One message being printed: the output, and a buffer that strings pass through. */
	private final class Printing {

		private final CompactJsonWriter out;

		private char[] chars = new char[64];

		Printing(CompactJsonWriter out) {
			this.out = out;
		}

		private void printFields(JsonFieldTable type, Message message) throws InvalidProtocolBufferException {
			this.out.startObject();
			for (JsonField field : type.inNumberOrder()) {
				if (field.map) {
					printMap(field, field.accessor.map(message));
				}
				else if (field.repeated) {
					printRepeated(field, message);
				}
				else {
					Object value = field.accessor.valueIfSet(message);
					if (value != null) {
						this.out.name(field.escapedJsonName);
						printValue(field, value);
					}
				}
			}
			this.out.endObject();
		}

		private void printRepeated(JsonField field, Message message) throws InvalidProtocolBufferException {
			int count = field.accessor.count(message);
			if (count == 0) {
				return;
			}
			this.out.name(field.escapedJsonName);
			this.out.startArray();
			for (int i = 0; i < count; i++) {
				printValue(field, field.accessor.element(message, i));
			}
			this.out.endArray();
		}

		private void printMap(JsonField field, Map<?, ?> map) throws InvalidProtocolBufferException {
			if (map.isEmpty()) {
				return;
			}
			JsonField key = field.messageType.mapKey();
			JsonField value = field.messageType.mapValue();
			this.out.name(field.escapedJsonName);
			this.out.startObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				printMapKey(key, entry.getKey());
				printValue(value, entry.getValue());
			}
			this.out.endObject();
		}

		/** Map keys are strings in JSON, numbers and booleans included. */
		private void printMapKey(JsonField key, Object value) {
			String name = switch (key.type) {
				case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
				case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
				default -> value.toString();
			};
			if (!this.out.plainName(chars(name), name.length())) {
				this.out.name(JsonFormatString.escapedUtf8(name));
			}
		}

		private void printValue(JsonField field, Object value) throws InvalidProtocolBufferException {
			switch (field.type) {
				case DOUBLE -> printDouble((Double) value);
				case FLOAT -> printFloat((Float) value);
				// 64-bit integers are strings: JavaScript numbers cannot hold them.
				case INT64, SINT64, SFIXED64 -> this.out.asciiString(Long.toString((Long) value));
				case UINT64, FIXED64 -> this.out.asciiString(Long.toUnsignedString((Long) value));
				case INT32, SINT32, SFIXED32 -> this.out.number((int) (Integer) value);
				case UINT32, FIXED32 -> this.out.number(Integer.toUnsignedString((Integer) value));
				case BOOL -> this.out.bool((Boolean) value);
				case STRING -> printString((String) value);
				case BYTES -> printBytes((ByteString) value);
				case ENUM -> printEnum(field.enumType, (Integer) value);
				case MESSAGE -> printMessage(field, (Message) value);
				default -> throw new IllegalStateException("unsupported field type: " + field.type);
			}
		}

		private void printDouble(double value) {
			// Double.toString, as JsonFormat: 1.0, 1.0E10, -0.0; NaN and the infinities as strings.
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				this.out.asciiString(Double.toString(value));
			}
			else {
				this.out.number(Double.toString(value));
			}
		}

		private void printFloat(float value) {
			if (Float.isNaN(value) || Float.isInfinite(value)) {
				this.out.asciiString(Float.toString(value));
			}
			else {
				this.out.number(Float.toString(value));
			}
		}

		private void printBytes(ByteString value) {
			// Standard base64 with padding, on one line.
			byte[] base64 = Base64.getEncoder().encode(value.toByteArray());
			this.out.string(base64, base64.length);
		}

		/**
		 * Writes plain ASCII strings as they are; anything that needs escaping, or might (any
		 * non-ASCII character), is escaped as JsonFormat escapes it.
		 */
		private void printString(String value) {
			if (!this.out.plainString(chars(value), value.length())) {
				byte[] escaped = JsonFormatString.escapedUtf8(value);
				this.out.string(escaped, escaped.length);
			}
		}

		/** A string's characters, in a buffer: one array copy and a loop over it beat charAt on every character. */
		private char[] chars(String value) {
			int length = value.length();
			if (length > this.chars.length) {
				this.chars = new char[Math.max(length, this.chars.length * 2)];
			}
			value.getChars(0, length, this.chars, 0);
			return this.chars;
		}

		private void printEnum(JsonEnum type, int number) {
			byte[] name = type.name(number);
			if (type.isNullValue()) {
				this.out.nullValue();
			}
			else if (name != null) {
				this.out.string(name, name.length);
			}
			else {
				// A number this schema does not know (proto3 enums are open) stays a number.
				this.out.number(number);
			}
		}

		private void printMessage(JsonField field, Message value) throws InvalidProtocolBufferException {
			switch (field.form) {
				case FIELDS -> printFields(field.messageType, value);
				case TIMESTAMP -> this.out.asciiString(Timestamps.toString((Timestamp) value));
				case DURATION -> this.out.asciiString(Durations.toString((Duration) value));
				case JSON_FORMAT -> this.out
					.raw(MessageJsonPrinter.this.wellKnownPrinter.print(value).getBytes(StandardCharsets.UTF_8));
			}
		}

	}

}
