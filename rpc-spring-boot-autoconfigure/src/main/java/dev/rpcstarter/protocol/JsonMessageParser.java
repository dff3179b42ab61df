package dev.rpcstarter.protocol;

import java.io.IOException;
import java.io.StringWriter;
import java.text.ParseException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;

/**
 * Parses the canonical proto3 JSON mapping without protobuf's reflection: Jackson's streaming
 * parser reads the JSON, and each value goes straight into the message's generated builder
 * (see {@link FieldAccessor}), guided by the {@link JsonFieldTable}.
 *
 * <p>It accepts what JsonFormat's parser accepts in standard JSON (JSON and proto field names,
 * numbers as strings, {@code null} for "not set", both base64 alphabets) and, like the codec's
 * JsonFormat parser, ignores unknown fields. It is stricter than JsonFormat's lenient Gson
 * reading: no comments, unquoted names, trailing content or repeated keys.
 */
final class JsonMessageParser {

	/** Nesting of messages, as in JsonFormat and in protobuf's binary parser. */
	private static final int RECURSION_LIMIT = 100;

	private final JsonFactory factory;

	private final JsonFormat.Parser wellKnownParser;

	JsonMessageParser(JsonFactory factory, JsonFormat.Parser wellKnownParser) {
		this.factory = factory;
		this.wellKnownParser = wellKnownParser;
	}

	/**
	 * Reads one message.
	 * @param type the message's fields
	 * @param json the UTF-8 JSON
	 * @return the message
	 * @throws IOException when the JSON is malformed or not a message of this type
	 */
	Message parse(JsonFieldTable type, byte[] json) throws IOException {
		try (JsonParser in = this.factory.createParser(json)) {
			JsonToken first = in.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new InvalidProtocolBufferException("Expect message object but got: " + describe(first));
			}
			Message message = parseFields(type, in, 1);
			if (in.nextToken() != null) {
				throw new InvalidProtocolBufferException("Unexpected content after the message");
			}
			return message;
		}
	}

	private Message parseFields(JsonFieldTable type, JsonParser in, int depth) throws IOException {
		if (depth > RECURSION_LIMIT) {
			throw new RecursionLimitException();
		}
		Message.Builder builder = type.prototype.newBuilderForType();
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
			if (!field.map && !field.repeated && field.oneof >= 0 && !set.add(type.fieldCount() + field.oneof)) {
				throw new InvalidProtocolBufferException(
						"Cannot set field " + in.currentName() + " because another field of its oneof has already been set.");
			}
			try {
				if (field.map) {
					parseMap(field, in, builder, depth);
				}
				else if (field.repeated) {
					parseRepeated(field, in, builder, depth);
				}
				else {
					setIfKnown(field, parseValue(field, in, depth), builder);
				}
			}
			catch (RecursionLimitException ex) {
				// A path a hundred fields long would say nothing more.
				throw ex;
			}
			catch (IOException | RuntimeException ex) {
				throw InvalidFieldException.in(field.jsonName.getValue(), ex);
			}
		}
		return builder.build();
	}

	private void parseRepeated(JsonField field, JsonParser in, Message.Builder builder, int depth) throws IOException {
		if (in.currentToken() != JsonToken.START_ARRAY) {
			throw new InvalidProtocolBufferException("Expected an array for field " + field.jsonName.getValue());
		}
		for (int index = 0; in.nextToken() != JsonToken.END_ARRAY; index++) {
			if (in.currentToken() == JsonToken.VALUE_NULL && !field.acceptsNull) {
				throw new InvalidProtocolBufferException(
						"Repeated field elements cannot be null in field: " + field.jsonName.getValue());
			}
			try {
				setIfKnown(field, parseValue(field, in, depth), builder);
			}
			catch (IOException | RuntimeException ex) {
				throw InvalidFieldException.in("[" + index + "]", ex);
			}
		}
	}

	private void parseMap(JsonField field, JsonParser in, Message.Builder builder, int depth) throws IOException {
		if (in.currentToken() != JsonToken.START_OBJECT) {
			throw new InvalidProtocolBufferException("Expected a map object for field " + field.jsonName.getValue());
		}
		JsonField key = field.messageType.mapKey();
		JsonField value = field.messageType.mapValue();
		while (in.nextToken() == JsonToken.FIELD_NAME) {
			String name = in.currentName();
			try {
				// The key is read from the field name, by the rules of its type.
				Object keyValue = parseValue(key, in, depth);
				if (in.nextToken() == JsonToken.VALUE_NULL && !value.acceptsNull) {
					throw new InvalidProtocolBufferException("Map value cannot be null");
				}
				Object valueValue = parseValue(value, in, depth);
				if (valueValue != null) {
					field.accessor.put(builder, keyValue, valueValue);
				}
			}
			catch (IOException | RuntimeException ex) {
				throw InvalidFieldException.in("[" + name + "]", ex);
			}
		}
	}

	/** Sets (or adds) a value; an unknown enum name is left out, as JsonFormat leaves it out when ignoring unknown fields. */
	private static void setIfKnown(JsonField field, Object value, Message.Builder builder) {
		if (value != null) {
			field.accessor.set(builder, value);
		}
	}

	/**
	 * The value at the current token, boxed as the field's generated setter takes it.
	 * @return the value, or {@code null} for an enum name this schema does not know
	 */
	private Object parseValue(JsonField field, JsonParser in, int depth) throws IOException {
		return switch (field.type) {
			case DOUBLE -> JsonScalars.float64(in);
			case FLOAT -> JsonScalars.float32(in);
			case INT64, SINT64, SFIXED64 -> JsonScalars.int64(in);
			case UINT64, FIXED64 -> JsonScalars.uint64(in);
			case INT32, SINT32, SFIXED32 -> JsonScalars.int32(in);
			case UINT32, FIXED32 -> JsonScalars.uint32(in);
			case BOOL -> JsonScalars.bool(in);
			// Strings: numbers and booleans are taken as written, as JsonFormat takes them.
			case STRING -> JsonScalars.text(in);
			// The array is the decoder's own, so the message may keep it.
			case BYTES -> UnsafeByteOperations.unsafeWrap(JsonScalars.bytes(in));
			case ENUM -> enumNumber(field.enumType, in);
			case MESSAGE -> parseMessage(field, in, depth);
			default -> throw new IllegalStateException("unsupported field type: " + field.type);
		};
	}

	/** An enum by name or by number (as a number or a string), or {@code null} when unknown. */
	private static Integer enumNumber(JsonEnum type, JsonParser in) throws IOException {
		if (type.isNullValue() && in.currentToken() == JsonToken.VALUE_NULL) {
			return 0;
		}
		Integer number = type.number(JsonScalars.text(in));
		if (number != null) {
			return number;
		}
		try {
			// Open enums keep numbers they do not declare.
			return JsonScalars.int32(in);
		}
		catch (InvalidProtocolBufferException ex) {
			return null;
		}
	}

	private Message parseMessage(JsonField field, JsonParser in, int depth) throws IOException {
		return switch (field.form) {
			case FIELDS -> {
				if (in.currentToken() != JsonToken.START_OBJECT) {
					throw new InvalidProtocolBufferException("Expect message object but got: " + describe(in.currentToken()));
				}
				yield parseFields(field.messageType, in, depth + 1);
			}
			case TIMESTAMP -> parseTimestamp(JsonScalars.text(in));
			case DURATION -> parseDuration(JsonScalars.text(in));
			case JSON_FORMAT -> {
				Message.Builder builder = field.wellKnownPrototype.newBuilderForType();
				this.wellKnownParser.merge(copyValue(in), builder);
				yield builder.build();
			}
		};
	}

	private static Timestamp parseTimestamp(String text) throws InvalidProtocolBufferException {
		try {
			return Timestamps.parse(text);
		}
		catch (ParseException ex) {
			throw new InvalidProtocolBufferException("Failed to parse timestamp: " + text);
		}
	}

	private static Duration parseDuration(String text) throws InvalidProtocolBufferException {
		try {
			return Durations.parse(text);
		}
		catch (ParseException ex) {
			throw new InvalidProtocolBufferException("Failed to parse duration: " + text);
		}
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

	/** Messages nested deeper than {@link #RECURSION_LIMIT}. */
	private static final class RecursionLimitException extends InvalidProtocolBufferException {

		private RecursionLimitException() {
			super("Hit recursion limit.");
		}

	}

	/**
	 * A value that is not of its field's type, with the path to the field
	 * ({@code book.tags[2]}): each field it passes through on its way out adds its name.
	 */
	private static final class InvalidFieldException extends InvalidProtocolBufferException {

		private final String path;

		private final String problem;

		private InvalidFieldException(String path, String problem) {
			super(path + ": " + problem);
			this.path = path;
			this.problem = problem;
		}

		/**
		 * The error of a value, placed in a field, a list index or a map key.
		 * @param segment a field's JSON name, or {@code [index]} or {@code [key]}
		 * @param error the value's error, or that of a field inside it
		 * @return the error with its path
		 */
		static InvalidFieldException in(String segment, Exception error) {
			if (error instanceof InvalidFieldException inner) {
				String separator = inner.path.startsWith("[") ? "" : ".";
				return new InvalidFieldException(segment + separator + inner.path, inner.problem);
			}
			return new InvalidFieldException(segment, error.getMessage());
		}

	}

	private static String describe(JsonToken token) {
		return (token != null) ? token.toString() : "nothing";
	}

}
