package dev.rpcstarter.protocol;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;

/**
 * What the fast JSON codec needs to know about one field, worked out once per message type.
 */
final class JsonField {

	final int number;

	final Type type;

	/** The lowerCamelCase JSON name, for the parser to match. */
	final SerializableString jsonName;

	/** The JSON name as the printer writes it: escaped UTF-8 without the quotes. */
	final byte[] escapedJsonName;

	final boolean repeated;

	final boolean map;

	/** The field's position in its message, to detect a field given twice. */
	final int index;

	/** The position of the field's real oneof in its message, or -1. */
	final int oneof;

	/** Whether JSON {@code null} is a value ({@code google.protobuf.Value}, {@code NullValue}). */
	final boolean acceptsNull;

	/** For message fields: how the message is written. */
	final WellKnownJson.Form form;

	/** For message types with a special form (read and written by JsonFormat): the default instance. */
	final Message wellKnownPrototype;

	/** For enum fields. */
	final JsonEnum enumType;

	/** For message and map fields with {@link WellKnownJson.Form#FIELDS}: the message's (the entry's) fields. */
	final JsonFieldTable messageType;

	/** How the field is read and written in its message; {@code null} for the fields of a map entry. */
	final FieldAccessor accessor;

	JsonField(FieldDescriptor field, JsonFieldTable messageType, FieldAccessor accessor) {
		this.number = field.getNumber();
		this.type = field.getType();
		this.jsonName = new SerializedString(field.getJsonName());
		this.escapedJsonName = JsonFormatString.escapedUtf8(field.getJsonName());
		this.repeated = field.isRepeated();
		this.map = field.isMapField();
		this.index = field.getIndex();
		OneofDescriptor oneof = field.getRealContainingOneof();
		this.oneof = (oneof != null) ? oneof.getIndex() : -1;
		this.enumType = (this.type == Type.ENUM) ? new JsonEnum(field.getEnumType()) : null;
		boolean message = this.type == Type.MESSAGE;
		this.form = message ? WellKnownJson.form(field.getMessageType()) : null;
		this.wellKnownPrototype = message ? WellKnownJson.prototype(field.getMessageType()) : null;
		this.acceptsNull = (message && WellKnownJson.acceptsNull(field.getMessageType()))
				|| (this.enumType != null && this.enumType.isNullValue());
		this.messageType = messageType;
		this.accessor = accessor;
	}

}
