package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

/**
 * What a REST route answers with for one response message: the message's JSON, or, when the
 * rule has a {@code response_body}, the value of that field, written out even at its default.
 */
final class RestResponseBody {

	private static final JsonFactory JSON = new JsonFactory();

	private RestResponseBody() {
	}

	/**
	 * @param messageJson the response message as JSON
	 * @param field the field the rule names, or {@code null} for the whole message
	 * @return the whole message, or the value of that field
	 */
	static byte[] of(byte[] messageJson, FieldDescriptor field) {
		if (field == null) {
			return messageJson;
		}
		try (JsonParser parser = JSON.createParser(messageJson)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.FIELD_NAME) {
				boolean wanted = parser.currentName().equals(field.getJsonName());
				parser.nextToken();
				if (wanted) {
					ByteArrayOutputStream value = new ByteArrayOutputStream();
					try (JsonGenerator generator = JSON.createGenerator(value)) {
						generator.copyCurrentStructure(parser);
					}
					return value.toByteArray();
				}
				parser.skipChildren();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("the codec wrote JSON that does not read back", ex);
		}
		return defaultJson(field).getBytes(StandardCharsets.UTF_8);
	}

	/** What JSON writes for a field left at its default, which the message's JSON leaves out. */
	private static String defaultJson(FieldDescriptor field) {
		if (field.isMapField()) {
			return "{}";
		}
		if (field.isRepeated()) {
			return "[]";
		}
		return switch (field.getJavaType()) {
			case STRING, BYTE_STRING -> "\"\"";
			case BOOLEAN -> "false";
			case LONG -> "\"0\"";
			case INT, FLOAT, DOUBLE -> "0";
			case ENUM -> "\"" + field.getEnumType().getValues().get(0).getName() + "\"";
			case MESSAGE -> printDefault(field);
		};
	}

	/** {@code {}}, or a well-known type's default value, such as {@code "0s"} for a Duration. */
	private static String printDefault(FieldDescriptor field) {
		try {
			return JsonFormat.printer()
				.omittingInsignificantWhitespace()
				.print(DynamicMessage.getDefaultInstance(field.getMessageType()));
		}
		catch (InvalidProtocolBufferException ex) {
			// Only an Any of an unknown type fails to print, and a default Any has no type.
			throw new IllegalStateException("the default " + field.getMessageType().getFullName() + " does not print", ex);
		}
	}

}
