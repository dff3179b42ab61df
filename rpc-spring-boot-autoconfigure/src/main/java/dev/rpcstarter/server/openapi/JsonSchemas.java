package dev.rpcstarter.server.openapi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

/**
 * JSON Schemas of protobuf types as the canonical proto3 JSON mapping writes them: 64-bit
 * integers as strings, enums by name, bytes in base64, maps as objects, and the well-known
 * types in their own JSON forms (a {@code Timestamp} is an RFC 3339 string, a {@code Struct}
 * any object). Messages and enums become components, referred to by their full names, so a
 * recursive message refers to itself. The .proto files' comments, where they are known, are
 * the descriptions of messages, fields and enums, and a oneof's fields are declared to
 * exclude each other.
 */
final class JsonSchemas {

	private static final JsonNodeFactory json = JsonNodeFactory.instance;

	private static final String WELL_KNOWN = "google.protobuf.";

	private final Map<String, ObjectNode> components = new TreeMap<>();

	private final ProtoComments comments;

	/**
	 * @param comments the comments of the .proto files
	 */
	JsonSchemas(ProtoComments comments) {
		this.comments = comments;
	}

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
			describe(schema, this.comments.of(type));
			ObjectNode properties = schema.putObject("properties");
			for (FieldDescriptor field : type.getFields()) {
				properties.set(field.getJsonName(), describe(field(field), this.comments.of(field)));
			}
			for (OneofDescriptor oneof : type.getRealOneofs()) {
				excludeEachOther(schema, oneof);
			}
		}
		return ref(name);
	}

	/**
	 * Declares that at most one field of a oneof is set: no two of them may appear together.
	 * Said in words too, since tools such as Swagger UI show no {@code not}.
	 */
	private void excludeEachOther(ObjectNode schema, OneofDescriptor oneof) {
		List<FieldDescriptor> fields = oneof.getFields();
		if (fields.size() < 2) {
			return;
		}
		ArrayNode pairs = schema.has("not") ? (ArrayNode) schema.get("not").get("anyOf")
				: schema.putObject("not").putArray("anyOf");
		for (int i = 0; i < fields.size(); i++) {
			for (int j = i + 1; j < fields.size(); j++) {
				pairs.addObject().putArray("required").add(fields.get(i).getJsonName()).add(fields.get(j).getJsonName());
			}
		}
		String names = String.join(", ", fields.stream().map(FieldDescriptor::getJsonName).toList());
		String comment = this.comments.of(oneof);
		describe(schema, "At most one of " + names + " is set (oneof " + oneof.getName() + ")."
				+ ((comment != null) ? " " + comment : ""));
	}

	/**
	 * Adds a paragraph to a schema's description.
	 * @param schema the schema
	 * @param text the paragraph, or {@code null} for none
	 * @return the schema
	 */
	static ObjectNode describe(ObjectNode schema, String text) {
		if (text != null) {
			String before = schema.path("description").asText("");
			schema.put("description", before.isEmpty() ? text : before + "\n\n" + text);
		}
		return schema;
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
			ObjectNode schema = describe(type("string"), this.comments.of(type));
			StringBuilder valueComments = new StringBuilder();
			for (EnumValueDescriptor value : type.getValues()) {
				schema.withArray("enum").add(value.getName());
				String comment = this.comments.of(value);
				if (comment != null) {
					valueComments.append(valueComments.isEmpty() ? "" : "\n")
						.append("- ")
						.append(value.getName())
						.append(": ")
						.append(comment.replace("\n", " "));
				}
			}
			this.components.put(name, describe(schema, valueComments.isEmpty() ? null : valueComments.toString()));
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
