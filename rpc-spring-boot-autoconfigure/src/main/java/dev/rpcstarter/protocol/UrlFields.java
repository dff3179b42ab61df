package dev.rpcstarter.protocol;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.FieldMaskUtil;
import com.google.protobuf.util.Timestamps;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Request fields that a REST route fills from its URL: path variables and query parameters,
 * named by field paths such as {@code book.author_id} (or {@code book.authorId}), their values
 * text that is read as the canonical proto3 JSON mapping reads a JSON string.
 *
 * <p>Such a field is a scalar, an enum, a repeated one of those (a query parameter given once
 * per value), or one of the well-known types that JSON writes as a string or a number:
 * {@code Timestamp}, {@code Duration}, {@code FieldMask} and the wrappers. The fields on the
 * way to it are singular messages. A query parameter can also fill one entry of a map whose
 * values are such fields, with the key in brackets: {@code labels[env]=prod}, as grpc-gateway
 * reads it.
 */
public final class UrlFields {

	private static final String WELL_KNOWN = "google.protobuf.";

	private UrlFields() {
	}

	/**
	 * Resolves a field path against a message type, checking that a URL can fill it.
	 * @param type the request's message type
	 * @param fieldPath dot-separated field names, protobuf or JSON names
	 * @return the fields along the path, the last one the field to fill
	 * @throws IllegalArgumentException when a name is unknown or a field cannot be filled from text
	 */
	public static List<FieldDescriptor> resolve(Descriptor type, String fieldPath) {
		List<FieldDescriptor> fields = walk(type, fieldPath);
		FieldDescriptor leaf = fields.get(fields.size() - 1);
		if (leaf.isMapField()) {
			throw new IllegalArgumentException(fieldPath + " is a map, which a URL cannot fill as a whole; "
					+ "a query parameter fills one of its entries, as " + fieldPath + "[<key>]");
		}
		if (leaf.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isWellKnown(leaf)) {
			throw new IllegalArgumentException(fieldPath + " is a message, which a URL cannot fill; "
					+ "name one of its fields instead, as " + fieldPath + ".<field>");
		}
		return fields;
	}

	/**
	 * Resolves a query parameter's name: a field path, or a map field's path with an entry's key
	 * in brackets ({@code labels[env]}).
	 * @param type the request's message type
	 * @param name the parameter's name, decoded
	 * @return the field or the map entry the parameter fills
	 * @throws IllegalArgumentException when a name is unknown or a field cannot be filled from text
	 */
	public static Parameter resolveParameter(Descriptor type, String name) {
		int bracket = name.indexOf('[');
		if (bracket < 0 || !name.endsWith("]")) {
			return new Parameter(resolve(type, name), null);
		}
		String fieldPath = name.substring(0, bracket);
		List<FieldDescriptor> fields = walk(type, fieldPath);
		FieldDescriptor map = fields.get(fields.size() - 1);
		if (!map.isMapField()) {
			throw new IllegalArgumentException(name + ": " + map.getName() + " is not a map");
		}
		FieldDescriptor value = map.getMessageType().findFieldByNumber(2);
		if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isWellKnown(value)) {
			throw new IllegalArgumentException(name + ": the values of " + map.getName()
					+ " are messages, which a URL cannot fill");
		}
		return new Parameter(fields, name.substring(bracket + 1, name.length() - 1));
	}

	/** The fields along a path, each but the last a singular message, the last not checked. */
	private static List<FieldDescriptor> walk(Descriptor type, String fieldPath) {
		List<FieldDescriptor> fields = new ArrayList<>();
		Descriptor current = type;
		String[] names = fieldPath.split("\\.", -1);
		for (int i = 0; i < names.length; i++) {
			if (current == null) {
				throw new IllegalArgumentException(fieldPath + ": " + fields.get(i - 1).getName()
						+ " is not a message, so it has no field " + names[i]);
			}
			FieldDescriptor field = field(current, names[i]);
			if (field == null) {
				throw new IllegalArgumentException(fieldPath + ": " + current.getFullName() + " has no field " + names[i]);
			}
			boolean last = i == names.length - 1;
			if (!last && (field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE)) {
				throw new IllegalArgumentException(fieldPath + ": " + field.getName() + " is not a singular message");
			}
			fields.add(field);
			current = (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isWellKnown(field))
					? field.getMessageType() : null;
		}
		return List.copyOf(fields);
	}

	private static FieldDescriptor field(Descriptor type, String name) {
		FieldDescriptor byProtoName = type.findFieldByName(name);
		if (byProtoName != null) {
			return byProtoName;
		}
		return type.getFields().stream().filter((field) -> field.getJsonName().equals(name)).findFirst().orElse(null);
	}

	/**
	 * Whether a URL can fill a field's value (each of its values, when it is repeated) from
	 * text: a scalar, an enum, or a well-known type that JSON writes as a string or a number.
	 * @param field a field that is not a map
	 * @return whether the field takes text
	 */
	public static boolean takesText(FieldDescriptor field) {
		return field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || isWellKnown(field);
	}

	private static boolean isWellKnown(FieldDescriptor field) {
		return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
				&& field.getMessageType().getFullName().startsWith(WELL_KNOWN)
				&& (wrappedValue(field.getMessageType()) != null || switch (field.getMessageType().getName()) {
					case "Timestamp", "Duration", "FieldMask" -> true;
					default -> false;
				});
	}

	/** The {@code value} field of a wrapper type such as {@code google.protobuf.Int64Value}, or {@code null}. */
	private static FieldDescriptor wrappedValue(Descriptor type) {
		return type.getName().endsWith("Value") && type.getFullName().startsWith(WELL_KNOWN)
				? type.findFieldByName("value") : null;
	}

	/**
	 * Sets a field from text: a singular field takes the last value, a repeated one all of
	 * them in order, after those it already has.
	 * @param request the request being built
	 * @param fields a path that {@link #resolve} returned for the request's type
	 * @param values the values as sent, at least one
	 * @throws StatusRuntimeException {@code INVALID_ARGUMENT} when a value is not of the field's type
	 */
	public static void set(Message.Builder request, List<FieldDescriptor> fields, List<String> values) {
		Message.Builder target = owner(request, fields);
		FieldDescriptor leaf = fields.get(fields.size() - 1);
		String path = pathOf(fields);
		if (leaf.isRepeated()) {
			for (String value : values) {
				target.addRepeatedField(leaf, valueOf(target, leaf, value, path));
			}
		}
		else {
			target.setField(leaf, valueOf(target, leaf, values.get(values.size() - 1), path));
		}
	}

	/**
	 * Sets what a query parameter names: a field, as {@link #set(Message.Builder, List, List)}
	 * does, or a map's entry, to the last value given.
	 * @param request the request being built
	 * @param parameter what {@link #resolveParameter} returned for the request's type
	 * @param values the values as sent, at least one
	 * @throws StatusRuntimeException {@code INVALID_ARGUMENT} when the key or a value is not of its type
	 */
	public static void set(Message.Builder request, Parameter parameter, List<String> values) {
		if (parameter.mapKey() == null) {
			set(request, parameter.fields(), values);
			return;
		}
		Message.Builder target = owner(request, parameter.fields());
		FieldDescriptor map = parameter.fields().get(parameter.fields().size() - 1);
		String path = pathOf(parameter.fields()) + "[" + parameter.mapKey() + "]";
		Message.Builder entry = target.newBuilderForField(map);
		FieldDescriptor key = map.getMessageType().findFieldByNumber(1);
		FieldDescriptor value = map.getMessageType().findFieldByNumber(2);
		entry.setField(key, valueOf(entry, key, parameter.mapKey(), path + " key"));
		entry.setField(value, valueOf(entry, value, values.get(values.size() - 1), path));
		target.addRepeatedField(map, entry.build());
	}

	/** The builder of the message that holds the last of the fields. */
	private static Message.Builder owner(Message.Builder request, List<FieldDescriptor> fields) {
		Message.Builder target = request;
		for (FieldDescriptor field : fields.subList(0, fields.size() - 1)) {
			target = target.getFieldBuilder(field);
		}
		return target;
	}

	private static String pathOf(List<FieldDescriptor> fields) {
		return String.join(".", fields.stream().map(FieldDescriptor::getName).toList());
	}

	/**
	 * What a query parameter fills.
	 * @param fields the fields along its path, the last the field, or the map, it fills
	 * @param mapKey the key of the map entry it fills, as sent, or {@code null} for a field
	 */
	public record Parameter(List<FieldDescriptor> fields, String mapKey) {
	}

	private static Object valueOf(Message.Builder owner, FieldDescriptor field, String text, String path) {
		try {
			return switch (field.getJavaType()) {
				case STRING -> text;
				case BOOLEAN -> bool(text);
				case INT -> isUnsigned(field) ? Integer.parseUnsignedInt(text) : Integer.parseInt(text);
				case LONG -> isUnsigned(field) ? Long.parseUnsignedLong(text) : Long.parseLong(text);
				case FLOAT -> Float.parseFloat(text);
				case DOUBLE -> Double.parseDouble(text);
				case BYTE_STRING -> ByteString.copyFrom(base64(text));
				case ENUM -> enumValue(field, text);
				case MESSAGE -> wellKnown(owner.newBuilderForField(field), text, path);
			};
		}
		catch (IllegalArgumentException | ParseException ex) {
			throw Status.INVALID_ARGUMENT
				.withDescription(path + ": \"" + text + "\" is not a valid " + typeName(field))
				.asRuntimeException();
		}
	}

	private static boolean isUnsigned(FieldDescriptor field) {
		return switch (field.getType()) {
			case UINT32, FIXED32, UINT64, FIXED64 -> true;
			default -> false;
		};
	}

	private static boolean bool(String text) {
		return switch (text) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new IllegalArgumentException(text);
		};
	}

	/** Standard or URL-safe base64, with or without padding, as proto3 JSON accepts. */
	private static byte[] base64(String text) {
		String standard = text.replace('-', '+').replace('_', '/');
		return Base64.getDecoder().decode(standard);
	}

	private static EnumValueDescriptor enumValue(FieldDescriptor field, String text) {
		EnumValueDescriptor value = field.getEnumType().findValueByName(text);
		if (value == null && text.matches("-?\\d+")) {
			value = field.getEnumType().findValueByNumberCreatingIfUnknown(Integer.parseInt(text));
		}
		if (value == null) {
			throw new IllegalArgumentException(text);
		}
		return value;
	}

	private static Message wellKnown(Message.Builder builder, String text, String path) throws ParseException {
		Descriptor type = builder.getDescriptorForType();
		FieldDescriptor wrapped = wrappedValue(type);
		if (wrapped != null) {
			return builder.setField(wrapped, valueOf(builder, wrapped, text, path)).build();
		}
		return switch (type.getName()) {
			case "Timestamp" -> builder.mergeFrom(Timestamps.parse(text)).build();
			case "Duration" -> builder.mergeFrom(Durations.parse(text)).build();
			default -> builder.mergeFrom(FieldMaskUtil.fromJsonString(text)).build();
		};
	}

	private static String typeName(FieldDescriptor field) {
		return switch (field.getJavaType()) {
			case ENUM -> field.getEnumType().getFullName() + " value";
			case MESSAGE -> field.getMessageType().getFullName();
			default -> field.getType().name().toLowerCase(Locale.ROOT);
		};
	}

}
