package dev.rpcstarter.protocol;

import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.FieldMask;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;

/**
 * The well-known types that the proto3 JSON mapping writes in a special form rather than as
 * an object of their fields. {@code google.protobuf.Empty} is not among them: it is {@code {}}.
 */
final class WellKnownJson {

	/** How a message type is written in JSON. */
	enum Form {

		/** An object of its fields. */
		FIELDS,

		/** An RFC 3339 string, written by the fast codec itself. */
		TIMESTAMP,

		/** A string of seconds with an {@code s} suffix, written by the fast codec itself. */
		DURATION,

		/** Any other special form; left to {@code JsonFormat}, which the fast codec calls. */
		JSON_FORMAT

	}

	private static final Map<String, Message> PROTOTYPES = Map.ofEntries(prototype(Timestamp.getDefaultInstance()),
			prototype(Duration.getDefaultInstance()), prototype(Any.getDefaultInstance()),
			prototype(FieldMask.getDefaultInstance()), prototype(Struct.getDefaultInstance()),
			prototype(Value.getDefaultInstance()), prototype(ListValue.getDefaultInstance()),
			prototype(DoubleValue.getDefaultInstance()), prototype(FloatValue.getDefaultInstance()),
			prototype(Int64Value.getDefaultInstance()), prototype(UInt64Value.getDefaultInstance()),
			prototype(Int32Value.getDefaultInstance()), prototype(UInt32Value.getDefaultInstance()),
			prototype(BoolValue.getDefaultInstance()), prototype(StringValue.getDefaultInstance()),
			prototype(BytesValue.getDefaultInstance()));

	private WellKnownJson() {
	}

	private static Map.Entry<String, Message> prototype(Message message) {
		return Map.entry(message.getDescriptorForType().getFullName(), message);
	}

	static Form form(Descriptor type) {
		String name = type.getFullName();
		if (!PROTOTYPES.containsKey(name)) {
			return Form.FIELDS;
		}
		if (name.equals(Timestamp.getDescriptor().getFullName())) {
			return Form.TIMESTAMP;
		}
		if (name.equals(Duration.getDescriptor().getFullName())) {
			return Form.DURATION;
		}
		return Form.JSON_FORMAT;
	}

	/** The default instance of a well-known type with a special form. */
	static Message prototype(Descriptor type) {
		return PROTOTYPES.get(type.getFullName());
	}

	/** Whether JSON {@code null} is a value of this type rather than "not set". */
	static boolean acceptsNull(Descriptor type) {
		return type.getFullName().equals(Value.getDescriptor().getFullName());
	}

}
