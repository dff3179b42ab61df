package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.text.ParseException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;

/**
 * Parses the canonical proto3 JSON mapping without reflection: Jackson's streaming parser reads
 * the JSON, this writes the same message in the binary wire format (guided by the
 * {@link JsonFieldTable}), and the message's generated parser builds it.
 *
 * <p>It accepts what JsonFormat's parser accepts in standard JSON (JSON and proto field names,
 * numbers as strings, {@code null} for "not set", both base64 alphabets) and, like the codec's
 * JsonFormat parser, ignores unknown fields. It is stricter than JsonFormat's lenient Gson
 * reading: no comments, unquoted names, trailing content or repeated keys.
 */
final class JsonWireParser {

	/** Nesting of messages, as in JsonFormat and in protobuf's binary parser. */
	private static final int RECURSION_LIMIT = 100;

	private static final ScratchArray WIRE_SCRATCH = new ScratchArray();

	private final JsonFactory factory;

	private final JsonFormat.Parser wellKnownParser;

	JsonWireParser(JsonFactory factory, JsonFormat.Parser wellKnownParser) {
		this.factory = factory;
		this.wellKnownParser = wellKnownParser;
	}

	/**
	 * Reads one message.
	 * @param type the message's fields
	 * @param prototype the message's default instance, whose parser builds it
	 * @param json the UTF-8 JSON
	 * @return the message
	 * @throws IOException when the JSON is malformed or not a message of this type
	 */
	Message parse(JsonFieldTable type, Message prototype, byte[] json) throws IOException {
		try (JsonParser in = this.factory.createParser(json)) {
			JsonToken first = in.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new InvalidProtocolBufferException("Expect message object but got: " + describe(first));
			}
			// The wire form is rarely longer than the JSON; the writer grows if it is.
			WireWriter out = new WireWriter(WIRE_SCRATCH.take(Math.max(json.length, 16)));
			try {
				parseFields(type, in, out, 1);
				if (in.nextToken() != null) {
					throw new InvalidProtocolBufferException("Unexpected content after the message");
				}
				// The generated parser copies what it keeps, so the array can be used again.
				return prototype.getParserForType().parseFrom(out.bytes(), 0, out.size());
			}
			finally {
				WIRE_SCRATCH.giveBack(out.bytes());
			}
		}
	}

	private void parseFields(JsonFieldTable type, JsonParser in, WireWriter out, int depth) throws IOException {
		if (depth > RECURSION_LIMIT) {
			throw new InvalidProtocolBufferException("Hit recursion limit.");
		}
		SetFields set = new SetFields(type.fieldCount() + type.oneofCount());
		// Writers usually send fields in declaration order, by their JSON names: the parser
		// checks the next name against the expected one in place, without a lookup.
		JsonField expected = type.fieldAfter(null);
		while (true) {
			JsonField field;
			if (expected != null && in.nextFieldName(expected.jsonName)) {
				field = expected;
			}
			else if (((expected != null) ? in.currentToken() : in.nextToken()) == JsonToken.FIELD_NAME) {
				field = type.field(in.currentName());
			}
			else {
				break;
			}
			JsonToken value = in.nextToken();
			if (field == null) {
				in.skipChildren();
				continue;
			}
			expected = type.fieldAfter(field);
			if (!set.add(field.index)) {
				throw new InvalidProtocolBufferException(
						"Field " + type.descriptor.getFullName() + "." + in.currentName() + " has already been set.");
			}
			if (value == JsonToken.VALUE_NULL && (field.repeated || !field.acceptsNull)) {
				// null is the default: not set, or empty.
				continue;
			}
			if (field.map) {
				parseMap(field, in, out, depth);
			}
			else if (field.repeated) {
				parseRepeated(field, in, out, depth);
			}
			else {
				if (field.oneof >= 0 && !set.add(type.fieldCount() + field.oneof)) {
					throw new InvalidProtocolBufferException(
							"Cannot set field " + in.currentName() + " because another field of its oneof has already been set.");
				}
				parseValue(field, in, out, depth);
			}
		}
	}

	private void parseRepeated(JsonField field, JsonParser in, WireWriter out, int depth) throws IOException {
		if (in.currentToken() != JsonToken.START_ARRAY) {
			throw new InvalidProtocolBufferException("Expected an array for field " + field.jsonName.getValue());
		}
		while (in.nextToken() != JsonToken.END_ARRAY) {
			if (in.currentToken() == JsonToken.VALUE_NULL && !field.acceptsNull) {
				throw new InvalidProtocolBufferException(
						"Repeated field elements cannot be null in field: " + field.jsonName.getValue());
			}
			// Written unpacked: protobuf parsers accept both forms for every repeated scalar.
			parseValue(field, in, out, depth);
		}
	}

	private void parseMap(JsonField field, JsonParser in, WireWriter out, int depth) throws IOException {
		if (in.currentToken() != JsonToken.START_OBJECT) {
			throw new InvalidProtocolBufferException("Expected a map object for field " + field.jsonName.getValue());
		}
		JsonField key = field.messageType.field(1);
		JsonField value = field.messageType.field(2);
		while (in.nextToken() == JsonToken.FIELD_NAME) {
			int entryStart = out.size();
			out.writeTag(field.number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			int start = out.startLengthDelimited();
			// The key is read from the field name, by the rules of its type.
			parseValue(key, in, out, depth);
			if (in.nextToken() == JsonToken.VALUE_NULL && !value.acceptsNull) {
				throw new InvalidProtocolBufferException("Map value cannot be null in field: " + field.jsonName.getValue());
			}
			if (parseValue(value, in, out, depth)) {
				out.endLengthDelimited(start);
			}
			else {
				out.truncate(entryStart);
			}
		}
	}

	/**
	 * Writes the field's tag and the value at the current token.
	 * @return {@code false} when the value is an enum name this schema does not know, which is
	 * left out as JsonFormat leaves it out when ignoring unknown fields
	 */
	private boolean parseValue(JsonField field, JsonParser in, WireWriter out, int depth) throws IOException {
		switch (field.type) {
			case MESSAGE -> parseMessage(field, in, out, depth);
			case ENUM -> {
				Integer number = enumNumber(field.enumType, in);
				if (number == null) {
					return false;
				}
				out.writeTag(field.number, WireFormat.WIRETYPE_VARINT);
				out.writeVarint32(number);
			}
			default -> parseScalar(field, in, out);
		}
		return true;
	}

	private static void parseScalar(JsonField field, JsonParser in, WireWriter out) throws IOException {
		out.writeTag(field.number, field.wireType);
		switch (field.type) {
			case DOUBLE -> out.writeFixed64(Double.doubleToRawLongBits(JsonScalars.float64(in)));
			case FLOAT -> out.writeFixed32(Float.floatToRawIntBits(JsonScalars.float32(in)));
			case INT64 -> out.writeVarint64(JsonScalars.int64(in));
			case SINT64 -> out.writeVarint64(encodeZigZag(JsonScalars.int64(in)));
			case SFIXED64 -> out.writeFixed64(JsonScalars.int64(in));
			case UINT64 -> out.writeVarint64(JsonScalars.uint64(in));
			case FIXED64 -> out.writeFixed64(JsonScalars.uint64(in));
			case INT32 -> out.writeVarint32(JsonScalars.int32(in));
			case SINT32 -> out.writeVarint32(encodeZigZag(JsonScalars.int32(in)));
			case SFIXED32 -> out.writeFixed32(JsonScalars.int32(in));
			case UINT32 -> out.writeVarint64(Integer.toUnsignedLong(JsonScalars.uint32(in)));
			case FIXED32 -> out.writeFixed32(JsonScalars.uint32(in));
			case BOOL -> out.writeVarint32(JsonScalars.bool(in) ? 1 : 0);
			case STRING -> {
				// Strings: numbers and booleans are taken as written, as JsonFormat takes them.
				JsonScalars.checkScalar(in);
				out.writeUtf8(in.getTextCharacters(), in.getTextOffset(), in.getTextLength());
			}
			case BYTES -> out.writeLengthDelimited(JsonScalars.bytes(in));
			default -> throw new IllegalStateException("unsupported field type: " + field.type);
		}
	}

	private static int encodeZigZag(int value) {
		return (value << 1) ^ (value >> 31);
	}

	private static long encodeZigZag(long value) {
		return (value << 1) ^ (value >> 63);
	}

	/** An enum by name or by number (as a number or a string), or {@code null} when unknown. */
	private static Integer enumNumber(JsonEnum type, JsonParser in) throws IOException {
		if (type.isNullValue() && in.currentToken() == JsonToken.VALUE_NULL) {
			return 0;
		}
		Integer number = type.number(JsonScalars.text(in));
		if (number == null) {
			try {
				number = JsonScalars.int32(in);
			}
			catch (InvalidProtocolBufferException ex) {
				return null;
			}
		}
		return type.accepts(number) ? number : null;
	}

	private void parseMessage(JsonField field, JsonParser in, WireWriter out, int depth) throws IOException {
		switch (field.form) {
			case FIELDS -> {
				if (in.currentToken() != JsonToken.START_OBJECT) {
					throw new InvalidProtocolBufferException("Expect message object but got: " + describe(in.currentToken()));
				}
				out.writeTag(field.number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
				int start = out.startLengthDelimited();
				parseFields(field.messageType, in, out, depth + 1);
				out.endLengthDelimited(start);
			}
			case TIMESTAMP -> writeMessage(field, parseTimestamp(JsonScalars.text(in)), out);
			case DURATION -> writeMessage(field, parseDuration(JsonScalars.text(in)), out);
			case JSON_FORMAT -> {
				Message.Builder builder = field.wellKnownPrototype.newBuilderForType();
				this.wellKnownParser.merge(copyValue(in), builder);
				writeMessage(field, builder.build(), out);
			}
		}
	}

	private static MessageLite parseTimestamp(String text) throws InvalidProtocolBufferException {
		try {
			return Timestamps.parse(text);
		}
		catch (ParseException ex) {
			throw new InvalidProtocolBufferException("Failed to parse timestamp: " + text);
		}
	}

	private static MessageLite parseDuration(String text) throws InvalidProtocolBufferException {
		try {
			return Durations.parse(text);
		}
		catch (ParseException ex) {
			throw new InvalidProtocolBufferException("Failed to parse duration: " + text);
		}
	}

	private static void writeMessage(JsonField field, MessageLite message, WireWriter out) {
		out.writeTag(field.number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
		out.writeLengthDelimited(message.toByteArray());
	}

	/** The JSON of the current value, numbers exactly as written, for JsonFormat to read. */
	private String copyValue(JsonParser in) throws IOException {
		StringWriter json = new StringWriter();
		try (JsonGenerator copy = this.factory.createGenerator(json)) {
			int depth = 0;
			do {
				JsonToken token = in.currentToken();
				if (token.isNumeric()) {
					copy.writeNumber(in.getText());
				}
				else {
					copy.copyCurrentEvent(in);
				}
				depth += token.isStructStart() ? 1 : (token.isStructEnd() ? -1 : 0);
			}
			while (depth > 0 && in.nextToken() != null);
		}
		return json.toString();
	}

	/**
	 * What one JSON object has set so far: its fields by index, then its oneofs by index. Almost
	 * every type has at most 64 of them, which fit in a {@code long}; an array is made only for the rest.
	 */
	private static final class SetFields {

		private final int size;

		private long first64;

		private boolean[] rest;

		SetFields(int size) {
			this.size = size;
		}

		/** Marks an index as set; returns {@code false} when it already was. */
		boolean add(int index) {
			if (index < 64) {
				long bit = 1L << index;
				boolean added = (this.first64 & bit) == 0;
				this.first64 |= bit;
				return added;
			}
			if (this.rest == null) {
				this.rest = new boolean[this.size - 64];
			}
			boolean added = !this.rest[index - 64];
			this.rest[index - 64] = true;
			return added;
		}

	}

	private static String describe(JsonToken token) {
		return (token != null) ? token.toString() : "nothing";
	}

}
