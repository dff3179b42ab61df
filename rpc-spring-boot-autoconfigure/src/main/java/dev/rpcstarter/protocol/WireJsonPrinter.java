package dev.rpcstarter.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.WireFormat;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;

/**
 * Prints messages in the canonical proto3 JSON mapping, byte for byte as
 * {@code JsonFormat.printer().omittingInsignificantWhitespace()} does, without reflection: the
 * message serializes itself with its generated code and this walks the wire format, guided by
 * the {@link JsonFieldTable}.
 *
 * <p>It relies on what generated code writes: fields in number order, each repeated field and
 * map in one run, map entries key first, unknown fields last. A field number seen out of order
 * or with a foreign wire type is therefore an unknown field, which JSON leaves out.
 */
final class WireJsonPrinter {

	/** Eight zero bytes read as the default of any wire type: 0, 0.0, or an empty record. */
	private static final byte[] DEFAULT_VALUE = new byte[8];

	private static final ScratchArray WIRE_SCRATCH = new ScratchArray();

	private static final ScratchArray JSON_SCRATCH = new ScratchArray();

	private final JsonFactory factory;

	private final JsonFormat.Printer wellKnownPrinter;

	WireJsonPrinter(JsonFactory factory, JsonFormat.Printer wellKnownPrinter) {
		this.factory = factory;
		this.wellKnownPrinter = wellKnownPrinter;
	}

	byte[] print(JsonFieldTable type, Message message) throws IOException {
		int wireSize = message.getSerializedSize();
		byte[] wire = WIRE_SCRATCH.take(wireSize);
		ScratchOutputStream json = new ScratchOutputStream(JSON_SCRATCH, wireSize * 2);
		try {
			CodedOutputStream wireOut = CodedOutputStream.newInstance(wire, 0, wireSize);
			message.writeTo(wireOut);
			wireOut.checkNoSpaceLeft();
			try (JsonGenerator out = this.factory.createGenerator(json)) {
				printFields(type, wire, CodedInputStream.newInstance(wire, 0, wireSize), out);
			}
			return json.toByteArray();
		}
		finally {
			json.release();
			WIRE_SCRATCH.giveBack(wire);
		}
	}

	/**
	 * Prints the fields of a message. Here and below, {@code in} reads {@code wire} from its first
	 * byte, so its count of bytes read is an index into that array: strings and bytes are printed
	 * straight from it.
	 */
	private void printFields(JsonFieldTable type, byte[] wire, CodedInputStream in, JsonGenerator out)
			throws IOException {
		out.writeStartObject();
		int lastNumber = 0;
		int tag = in.readTag();
		while (tag != 0) {
			int number = WireFormat.getTagFieldNumber(tag);
			JsonField field = type.field(number);
			if (field == null || number <= lastNumber || !field.accepts(WireFormat.getTagWireType(tag))) {
				in.skipField(tag);
				tag = in.readTag();
				continue;
			}
			lastNumber = number;
			out.writeFieldName(field.jsonName);
			if (field.map) {
				tag = printMap(field, tag, wire, in, out);
			}
			else if (field.repeated) {
				tag = printRepeated(field, tag, wire, in, out);
			}
			else {
				printValue(field, wire, in, out);
				tag = in.readTag();
			}
		}
		out.writeEndObject();
	}

	/** Prints the run of a repeated field that starts with {@code tag}; returns the tag after it. */
	private int printRepeated(JsonField field, int tag, byte[] wire, CodedInputStream in, JsonGenerator out)
			throws IOException {
		out.writeStartArray();
		do {
			if (field.packable && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
				int outer = in.pushLimit(in.readRawVarint32());
				while (!in.isAtEnd()) {
					printValue(field, wire, in, out);
				}
				in.popLimit(outer);
			}
			else {
				printValue(field, wire, in, out);
			}
			tag = in.readTag();
		}
		while (isNext(field, tag));
		out.writeEndArray();
		return tag;
	}

	/** Prints the run of map entries that starts with {@code tag}; returns the tag after it. */
	private int printMap(JsonField field, int tag, byte[] wire, CodedInputStream in, JsonGenerator out)
			throws IOException {
		JsonField key = field.messageType.field(1);
		JsonField value = field.messageType.field(2);
		out.writeStartObject();
		do {
			int outer = in.pushLimit(in.readRawVarint32());
			int entryTag = in.readTag();
			boolean hasKey = WireFormat.getTagFieldNumber(entryTag) == key.number;
			String name = mapKey(key, hasKey ? in : defaultValue());
			if (key.type == FieldDescriptor.Type.STRING) {
				out.writeFieldName(new JsonFormatString(name));
			}
			else {
				out.writeFieldName(name);
			}
			if (hasKey) {
				entryTag = in.readTag();
			}
			boolean hasValue = WireFormat.getTagFieldNumber(entryTag) == value.number;
			if (hasValue) {
				printValue(value, wire, in, out);
			}
			else {
				printValue(value, DEFAULT_VALUE, defaultValue(), out);
			}
			if (!hasValue && entryTag != 0) {
				in.skipField(entryTag);
			}
			in.skipMessage();
			in.popLimit(outer);
			tag = in.readTag();
		}
		while (isNext(field, tag));
		out.writeEndObject();
		return tag;
	}

	private static boolean isNext(JsonField field, int tag) {
		return WireFormat.getTagFieldNumber(tag) == field.number && field.accepts(WireFormat.getTagWireType(tag));
	}

	private static CodedInputStream defaultValue() {
		return CodedInputStream.newInstance(DEFAULT_VALUE);
	}

	/** Map keys are strings in JSON, numbers and booleans included. */
	private static String mapKey(JsonField key, CodedInputStream in) throws IOException {
		return switch (key.type) {
			case STRING -> in.readString();
			case BOOL -> Boolean.toString(in.readBool());
			case INT32 -> Integer.toString(in.readInt32());
			case SINT32 -> Integer.toString(in.readSInt32());
			case SFIXED32 -> Integer.toString(in.readSFixed32());
			case UINT32 -> Integer.toUnsignedString(in.readUInt32());
			case FIXED32 -> Integer.toUnsignedString(in.readFixed32());
			case INT64 -> Long.toString(in.readInt64());
			case SINT64 -> Long.toString(in.readSInt64());
			case SFIXED64 -> Long.toString(in.readSFixed64());
			case UINT64 -> Long.toUnsignedString(in.readUInt64());
			case FIXED64 -> Long.toUnsignedString(in.readFixed64());
			default -> throw new IllegalStateException("not a map key type: " + key.type);
		};
	}

	private void printValue(JsonField field, byte[] wire, CodedInputStream in, JsonGenerator out) throws IOException {
		switch (field.type) {
			case DOUBLE -> printDouble(in.readDouble(), out);
			case FLOAT -> printFloat(in.readFloat(), out);
			// 64-bit integers are strings: JavaScript numbers cannot hold them.
			case INT64 -> out.writeString(Long.toString(in.readInt64()));
			case SINT64 -> out.writeString(Long.toString(in.readSInt64()));
			case SFIXED64 -> out.writeString(Long.toString(in.readSFixed64()));
			case UINT64 -> out.writeString(Long.toUnsignedString(in.readUInt64()));
			case FIXED64 -> out.writeString(Long.toUnsignedString(in.readFixed64()));
			case INT32 -> out.writeNumber(in.readInt32());
			case SINT32 -> out.writeNumber(in.readSInt32());
			case SFIXED32 -> out.writeNumber(in.readSFixed32());
			case UINT32 -> out.writeNumber(Integer.toUnsignedLong(in.readUInt32()));
			case FIXED32 -> out.writeNumber(Integer.toUnsignedLong(in.readFixed32()));
			case BOOL -> out.writeBoolean(in.readBool());
			case STRING -> {
				int length = in.readRawVarint32();
				printString(wire, skipInPlace(in, length), length, out);
			}
			case BYTES -> {
				int length = in.readRawVarint32();
				printBytes(wire, skipInPlace(in, length), length, out);
			}
			case ENUM -> printEnum(field.enumType, in.readEnum(), out);
			case MESSAGE -> printMessage(field, wire, in, out);
			default -> throw new IllegalStateException("unsupported field type: " + field.type);
		}
	}

	private static void printDouble(double value, JsonGenerator out) throws IOException {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			out.writeString(Double.toString(value));
		}
		else {
			// Double.toString, as JsonFormat: 1.0, 1.0E10, -0.0.
			out.writeNumber(Double.toString(value));
		}
	}

	private static void printFloat(float value, JsonGenerator out) throws IOException {
		if (Float.isNaN(value) || Float.isInfinite(value)) {
			out.writeString(Float.toString(value));
		}
		else {
			out.writeNumber(Float.toString(value));
		}
	}

	/**
	 * Copies plain ASCII strings from the wire as they are; anything that needs escaping, or
	 * might (any non-ASCII byte), is escaped as JsonFormat escapes it.
	 */
	private static void printString(byte[] wire, int start, int length, JsonGenerator out) throws IOException {
		int end = start + length;
		for (int i = start; i < end; i++) {
			if (!JsonFormatString.isPlain(wire[i])) {
				out.writeString(new JsonFormatString(new String(wire, start, length, StandardCharsets.UTF_8)));
				return;
			}
		}
		out.writeRawUTF8String(wire, start, length);
	}

	private static void printBytes(byte[] wire, int start, int length, JsonGenerator out) throws IOException {
		// Standard base64 with padding, on one line.
		out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, wire, start, length);
	}

	/**
	 * Moves past the content of a string or bytes value, whose length was just read.
	 * {@code readByteBuffer} would make two buffers per value to say the same.
	 * @return where the content starts in the wire array
	 */
	private static int skipInPlace(CodedInputStream in, int length) throws IOException {
		int start = in.getTotalBytesRead();
		in.skipRawBytes(length);
		return start;
	}

	private static void printEnum(JsonEnum type, int number, JsonGenerator out) throws IOException {
		SerializableString name = type.name(number);
		if (type.isNullValue()) {
			out.writeNull();
		}
		else if (name != null) {
			out.writeString(name);
		}
		else {
			// A number this schema does not know (proto3 enums are open) stays a number.
			out.writeNumber(number);
		}
	}

	private void printMessage(JsonField field, byte[] wire, CodedInputStream in, JsonGenerator out) throws IOException {
		int outer = in.pushLimit(in.readRawVarint32());
		switch (field.form) {
			case FIELDS -> printFields(field.messageType, wire, in, out);
			case TIMESTAMP -> out.writeString(Timestamps.toString(Timestamp.parseFrom(in)));
			case DURATION -> out.writeString(Durations.toString(Duration.parseFrom(in)));
			case JSON_FORMAT -> out
				.writeRawValue(this.wellKnownPrinter.print(field.wellKnownPrototype.getParserForType().parseFrom(in)));
		}
		in.popLimit(outer);
	}

}
