package dev.rpcstarter.protocol;

import java.util.HashMap;
import java.util.Map;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;

/**
 * The JSON names of one enum's values, looked up both ways, built once per enum type.
 */
final class JsonEnum {

	private static final String NULL_VALUE = "google.protobuf.NullValue";

	private final Map<Integer, byte[]> namesByNumber = new HashMap<>();

	private final Map<String, Integer> numbersByName = new HashMap<>();

	private final EnumDescriptor descriptor;

	JsonEnum(EnumDescriptor descriptor) {
		this.descriptor = descriptor;
		for (EnumValueDescriptor value : descriptor.getValues()) {
			// With aliases, the first value declared for a number names it, as in JsonFormat.
			this.namesByNumber.putIfAbsent(value.getNumber(), JsonFormatString.escapedUtf8(value.getName()));
			this.numbersByName.put(value.getName(), value.getNumber());
		}
	}

	/** {@code google.protobuf.NullValue}, whose only value is JSON {@code null}. */
	boolean isNullValue() {
		return NULL_VALUE.equals(this.descriptor.getFullName());
	}

	/**
	 * The name of a number as the printer writes it (escaped UTF-8, see
	 * {@link JsonFormatString#escapedUtf8}), or {@code null} when the number is not declared.
	 */
	byte[] name(int number) {
		return this.namesByNumber.get(number);
	}

	/** The number of a name, or {@code null} when no value has that name. */
	Integer number(String name) {
		return this.numbersByName.get(name);
	}

}
