package dev.rpcstarter.protocol;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
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

	private final JsonFactory factory;

	private final JsonFormat.Printer wellKnownPrinter;

	MessageJsonPrinter(JsonFactory factory, JsonFormat.Printer wellKnownPrinter) {
		this.factory = factory;
		this.wellKnownPrinter = wellKnownPrinter;
	}

	byte[] print(JsonFieldTable type, Message message) throws IOException {
		ScratchOutputStream json = new ScratchOutputStream(JSON_SCRATCH, INITIAL_SIZE);
		try {
			try (JsonGenerator out = this.factory.createGenerator(json)) {
				new Printing(out).printFields(type, message);
			}
			return json.toByteArray();
		}
		finally {
			json.release();
		}
	}

	/** One message being printed: the generator, and buffers that strings pass through. */
	private final class Printing {

		private final JsonGenerator out;

		private char[] chars = new char[64];

		private byte[] ascii = new byte[64];

		Printing(JsonGenerator out) {
			this.out = out;
		}

		private void printFields(JsonFieldTable type, Message message) throws IOException {
			this.out.writeStartObject();
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
						this.out.writeFieldName(field.jsonName);
						printValue(field, value);
					}
				}
			}
			this.out.writeEndObject();
		}

		private void printRepeated(JsonField field, Message message) throws IOException {
			int count = field.accessor.count(message);
			if (count == 0) {
				return;
			}
			this.out.writeFieldName(field.jsonName);
			this.out.writeStartArray();
			for (int i = 0; i < count; i++) {
				printValue(field, field.accessor.element(message, i));
			}
			this.out.writeEndArray();
		}

		private void printMap(JsonField field, Map<?, ?> map) throws IOException {
			if (map.isEmpty()) {
				return;
			}
			JsonField key = field.messageType.mapKey();
			JsonField value = field.messageType.mapValue();
			this.out.writeFieldName(field.jsonName);
			this.out.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				printMapKey(key, entry.getKey());
				printValue(value, entry.getValue());
			}
			this.out.writeEndObject();
		}

		/** Map keys are strings in JSON, numbers and booleans included. */
		private void printMapKey(JsonField key, Object value) throws IOException {
			switch (key.type) {
				case STRING -> {
					String name = (String) value;
					if (isPlain(name)) {
						this.out.writeFieldName(name);
					}
					else {
						this.out.writeFieldName(new JsonFormatString(name));
					}
				}
				case UINT32, FIXED32 -> this.out.writeFieldName(Integer.toUnsignedString((Integer) value));
				case UINT64, FIXED64 -> this.out.writeFieldName(Long.toUnsignedString((Long) value));
				default -> this.out.writeFieldName(value.toString());
			}
		}

		private void printValue(JsonField field, Object value) throws IOException {
			switch (field.type) {
				case DOUBLE -> printDouble((Double) value);
				case FLOAT -> printFloat((Float) value);
				// 64-bit integers are strings: JavaScript numbers cannot hold them.
				case INT64, SINT64, SFIXED64 -> this.out.writeString(Long.toString((Long) value));
				case UINT64, FIXED64 -> this.out.writeString(Long.toUnsignedString((Long) value));
				case INT32, SINT32, SFIXED32 -> this.out.writeNumber((Integer) value);
				case UINT32, FIXED32 -> this.out.writeNumber(Integer.toUnsignedLong((Integer) value));
				case BOOL -> this.out.writeBoolean((Boolean) value);
				case STRING -> printString((String) value);
				case BYTES -> printBytes((ByteString) value);
				case ENUM -> printEnum(field.enumType, (Integer) value);
				case MESSAGE -> printMessage(field, (Message) value);
				default -> throw new IllegalStateException("unsupported field type: " + field.type);
			}
		}

		private void printDouble(double value) throws IOException {
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				this.out.writeString(Double.toString(value));
			}
			else {
				// Double.toString, as JsonFormat: 1.0, 1.0E10, -0.0.
				this.out.writeNumber(Double.toString(value));
			}
		}

		private void printFloat(float value) throws IOException {
			if (Float.isNaN(value) || Float.isInfinite(value)) {
				this.out.writeString(Float.toString(value));
			}
			else {
				this.out.writeNumber(Float.toString(value));
			}
		}

		private void printBytes(ByteString value) throws IOException {
			byte[] bytes = value.toByteArray();
			// Standard base64 with padding, on one line.
			this.out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length);
		}

		/**
		 * Writes plain ASCII strings as they are; anything that needs escaping, or might (any
		 * non-ASCII character), is escaped as JsonFormat escapes it.
		 */
		private void printString(String value) throws IOException {
			if (isPlain(value)) {
				this.out.writeRawUTF8String(this.ascii, 0, value.length());
			}
			else {
				this.out.writeString(new JsonFormatString(value));
			}
		}

		/** Whether a string is plain ASCII; if it is, leaves its bytes in {@link #ascii}. */
		private boolean isPlain(String value) {
			int length = value.length();
			if (length > this.chars.length) {
				this.chars = new char[Math.max(length, this.chars.length * 2)];
				this.ascii = new byte[this.chars.length];
			}
			// One array copy and a loop over the array beat charAt on every character.
			value.getChars(0, length, this.chars, 0);
			return JsonFormatString.copyIfPlain(this.chars, length, this.ascii);
		}

		private void printEnum(JsonEnum type, int number) throws IOException {
			SerializableString name = type.name(number);
			if (type.isNullValue()) {
				this.out.writeNull();
			}
			else if (name != null) {
				this.out.writeString(name);
			}
			else {
				// A number this schema does not know (proto3 enums are open) stays a number.
				this.out.writeNumber(number);
			}
		}

		private void printMessage(JsonField field, Message value) throws IOException {
			switch (field.form) {
				case FIELDS -> printFields(field.messageType, value);
				case TIMESTAMP -> this.out.writeString(Timestamps.toString((Timestamp) value));
				case DURATION -> this.out.writeString(Durations.toString((Duration) value));
				case JSON_FORMAT -> this.out.writeRawValue(MessageJsonPrinter.this.wellKnownPrinter.print(value));
			}
		}

	}

}
