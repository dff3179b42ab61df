package dev.rpcstarter.server.openapi;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * JSON Schemas of protobuf types as the canonical proto3 JSON mapping writes them: 64-bit
 * integers as strings, enums by name, bytes in base64, maps as objects, and the well-known
 * types in their own JSON forms (a {@code Timestamp} is an RFC 3339 string, a {@code Struct}
 * any object). Messages and enums become components, referred to by their full names, so a
 * recursive message refers to itself.
 */
final class JsonSchemas {

	private static final JsonNodeFactory json = JsonNodeFactory.instance;

	private static final String WELL_KNOWN = "google.protobuf.";

	private final Map<String, ObjectNode> components = new TreeMap<>();

	/**
	 * The schema of a field's JSON value: an array for a repeated field, an object for a map.
	 * @param field the field
	 * @return the schema
	 */
	ObjectNode field(FieldDescriptor field) {
		if (field.isMapField()) {
			FieldDescriptor value = field.getMessageType().findFieldByName("value");
			return object().set("additionalProperties", single(value));
		}
		if (field.isRepeated()) {
			return type("array").set("items", single(field));
		}
		return single(field);
	}

	/**
	 * The schema of one value of a field, repeated or not.
	 * @param field the field
	 * @return the schema
	 */
	ObjectNode single(FieldDescriptor field) {
		return switch (field.getType()) {
			case DOUBLE -> type("number").put("format", "double");
			case FLOAT -> type("number").put("format", "float");
			case INT32, SINT32, SFIXED32 -> type("integer").put("format", "int32");
			case UINT32, FIXED32 -> type("integer").put("format", "int64").put("minimum", 0).put("maximum", 0xFFFFFFFFL);
			case INT64, SINT64, SFIXED64 -> type("string").put("format", "int64");
			case UINT64, FIXED64 -> type("string").put("format", "uint64");
			case BOOL -> type("boolean");
			case STRING -> type("string");
			case BYTES -> type("string").put("format", "byte");
			case ENUM -> enumeration(field.getEnumType());
			case MESSAGE, GROUP -> message(field.getMessageType());
		};
	}

	/**
	 * The schema of a message: a reference to its component, or for a well-known type its
	 * JSON form.
	 * @param type the message type
	 * @return the schema
	 */
	ObjectNode message(Descriptor type) {
		ObjectNode wellKnown = wellKnown(type);
		if (wellKnown != null) {
			return wellKnown;
		}
		String name = type.getFullName();
		if (!this.components.containsKey(name)) {
			ObjectNode schema = object();
			// Registered before its fields, which may refer back to it.
			this.components.put(name, schema);
			ObjectNode properties = schema.putObject("properties");
			for (FieldDescriptor field : type.getFields()) {
				properties.set(field.getJsonName(), field(field));
			}
		}
		return ref(name);
	}

	/**
	 * The components the schemas handed out refer to, by full name.
	 * @return the components, sorted by name
	 */
	Map<String, ObjectNode> components() {
		return this.components;
	}

	private ObjectNode enumeration(EnumDescriptor type) {
		if (type.getFullName().equals(WELL_KNOWN + "NullValue")) {
			return type("null");
		}
		String name = type.getFullName();
		if (!this.components.containsKey(name)) {
			ObjectNode schema = type("string");
			for (EnumValueDescriptor value : type.getValues()) {
				schema.withArray("enum").add(value.getName());
			}
			this.components.put(name, schema);
		}
		return ref(name);
	}

	/** The JSON form of a well-known type, or {@code null} for any other type. */
	private ObjectNode wellKnown(Descriptor type) {
		if (!type.getFullName().startsWith(WELL_KNOWN)) {
			return null;
		}
		return switch (type.getName()) {
			case "Timestamp" -> type("string").put("format", "date-time");
			case "Duration" -> type("string").put("pattern", "^-?[0-9]+(\\.[0-9]{1,9})?s$");
			case "FieldMask" -> type("string").put("description", "field paths in lowerCamelCase, comma-separated");
			case "Struct" -> object().put("additionalProperties", true);
			case "Value" -> json.objectNode();
			case "ListValue" -> type("array");
			case "Empty" -> object();
			case "Any" -> {
				ObjectNode any = object().put("additionalProperties", true);
				any.putObject("properties").set("@type", type("string"));
				any.putArray("required").add("@type");
				yield any;
			}
			case "DoubleValue", "FloatValue", "Int64Value", "UInt64Value", "Int32Value", "UInt32Value", "BoolValue",
					"StringValue", "BytesValue" ->
				single(type.findFieldByName("value"));
			default -> null;
		};
	}

	private static ObjectNode ref(String name) {
		return json.objectNode().put("$ref", "#/components/schemas/" + name);
	}

	private static ObjectNode object() {
		return type("object");
	}

	private static ObjectNode type(String type) {
		return json.objectNode().put("type", type);
	}

}
