package dev.rpcstarter.protocol;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * Reads and writes one field of a generated message class through its generated accessors
 * ({@code getFoo()}, {@code setFoo(..)}, {@code addFoo(..)}, {@code putFoo(..)}...), held as
 * method handles: protobuf's own reflection ({@code getField}, {@code setField}) looks each field
 * up in its accessor table and calls through {@code java.lang.reflect} on every call. Values are
 * boxed, enums as their numbers.
 */
final class FieldAccessor {

	/**
	 * Accessor names protobuf's Java generator never gives a field as they are, because the
	 * message class already has methods of that name.
	 */
	private static final Set<String> RESERVED_NAMES = Set.of("Class", "DefaultInstanceForType", "ParserForType",
			"SerializedSize", "AllFields", "DescriptorForType", "InitializationErrorString", "UnknownFields",
			"CachedSize");

	private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

	// The types the handles are called with: every message, builder and value as an Object.
	private static final MethodType HAS = MethodType.methodType(boolean.class, Object.class);

	private static final MethodType GET = MethodType.methodType(Object.class, Object.class);

	private static final MethodType GET_ELEMENT = MethodType.methodType(Object.class, Object.class, int.class);

	private static final MethodType COUNT = MethodType.methodType(int.class, Object.class);

	private static final MethodType SET = MethodType.methodType(void.class, Object.class, Object.class);

	private static final MethodType PUT = MethodType.methodType(void.class, Object.class, Object.class, Object.class);

	/** For fields without presence: the value that means "not set". */
	private final Object defaultValue;

	/** {@code hasFoo()}, for fields with presence; otherwise a value equal to the default is "not set". */
	private final MethodHandle has;

	/** Singular: {@code getFoo()}. Repeated: {@code getFoo(int)}. Map: {@code getFooMap()}. */
	private final MethodHandle get;

	/** Repeated: {@code getFooCount()}. */
	private final MethodHandle count;

	/** Singular: {@code setFoo(v)}. Repeated: {@code addFoo(v)}. Map: {@code putFoo(k, v)}. */
	private final MethodHandle set;

	/**
	 * Finds the accessors of a field.
	 * @param field a field of the message class, not of a map entry
	 * @param messageType the generated message class
	 * @param builderType its builder class
	 * @throws ReflectiveOperationException when the class lacks an accessor by the generator's
	 * naming rules (a field renamed for a conflict): the type is left to JsonFormat
	 */
	FieldAccessor(FieldDescriptor field, Class<?> messageType, Class<?> builderType) throws ReflectiveOperationException {
		String name = javaName(field);
		// Open enums are read and written by number, so that unknown numbers survive.
		String valueSuffix = (field.getJavaType() == FieldDescriptor.JavaType.ENUM) ? "Value" : "";
		if (field.isMapField()) {
			FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
			FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
			String mapValueSuffix = (value.getJavaType() == FieldDescriptor.JavaType.ENUM) ? "Value" : "";
			Method getMap = messageType.getMethod("get" + name + mapValueSuffix + "Map");
			Class<?> valueType = (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE)
					? builderType.getMethod("get" + name + "OrThrow", javaType(key)).getReturnType() : javaType(value);
			Method put = builderType.getMethod("put" + name + mapValueSuffix, javaType(key), valueType);
			this.get = handle(getMap, GET);
			this.set = handle(put, PUT);
			this.has = null;
			this.count = null;
			this.defaultValue = null;
		}
		else if (field.isRepeated()) {
			Method get = messageType.getMethod("get" + name + valueSuffix, int.class);
			this.get = handle(get, GET_ELEMENT);
			this.count = handle(messageType.getMethod("get" + name + "Count"), COUNT);
			this.set = handle(builderType.getMethod("add" + name + valueSuffix, get.getReturnType()), SET);
			this.has = null;
			this.defaultValue = null;
		}
		else {
			Method get = messageType.getMethod("get" + name + valueSuffix);
			this.get = handle(get, GET);
			this.set = handle(builderType.getMethod("set" + name + valueSuffix, get.getReturnType()), SET);
			this.has = field.hasPresence() ? handle(messageType.getMethod("has" + name), HAS) : null;
			this.defaultValue = field.hasPresence() ? null : implicitDefault(field);
			this.count = null;
		}
	}

	/** A singular field's value, or {@code null} when it is not set (or has its default, without presence). */
	Object valueIfSet(Message message) {
		try {
			if (this.has != null) {
				return (boolean) this.has.invokeExact((Object) message) ? (Object) this.get.invokeExact((Object) message)
						: null;
			}
			Object value = (Object) this.get.invokeExact((Object) message);
			// equals, not ==: 0.0 and -0.0 differ, as they do for protobuf's reflection.
			return value.equals(this.defaultValue) ? null : value;
		}
		catch (Throwable ex) {
			throw unchecked(ex);
		}
	}

	/** A repeated field's size. */
	int count(Message message) {
		try {
			return (int) this.count.invokeExact((Object) message);
		}
		catch (Throwable ex) {
			throw unchecked(ex);
		}
	}

	/** A repeated field's element. */
	Object element(Message message, int index) {
		try {
			return (Object) this.get.invokeExact((Object) message, index);
		}
		catch (Throwable ex) {
			throw unchecked(ex);
		}
	}

	/** A map field's map, with enum values as numbers. */
	Map<?, ?> map(Message message) {
		try {
			return (Map<?, ?>) (Object) this.get.invokeExact((Object) message);
		}
		catch (Throwable ex) {
			throw unchecked(ex);
		}
	}

	/** Sets a singular field, or adds an element to a repeated field. */
	void set(Message.Builder builder, Object value) {
		try {
			this.set.invokeExact((Object) builder, value);
		}
		catch (Throwable ex) {
			throw unchecked(ex);
		}
	}

	/** Puts an entry into a map field. */
	void put(Message.Builder builder, Object key, Object value) {
		try {
			this.set.invokeExact((Object) builder, key, value);
		}
		catch (Throwable ex) {
			throw unchecked(ex);
		}
	}

	/** Generated accessors throw nothing checked; whatever they throw is passed on as it is. */
	private static RuntimeException unchecked(Throwable ex) {
		if (ex instanceof RuntimeException runtime) {
			return runtime;
		}
		if (ex instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(ex);
	}

	/** The method as a handle of a generic type: arguments cast or unboxed, the result boxed or dropped. */
	private static MethodHandle handle(Method method, MethodType type) throws IllegalAccessException {
		return LOOKUP.unreflect(method).asType(type);
	}

	/** Protobuf's Java name of a field: {@code foo_bar2baz} is {@code FooBar2Baz}. */
	private static String javaName(FieldDescriptor field) throws NoSuchMethodException {
		StringBuilder name = new StringBuilder();
		boolean capitalizeNext = true;
		for (char c : field.getName().toCharArray()) {
			if (c >= 'a' && c <= 'z') {
				name.append(capitalizeNext ? Character.toUpperCase(c) : c);
				capitalizeNext = false;
			}
			else if (c >= 'A' && c <= 'Z') {
				name.append(c);
				capitalizeNext = false;
			}
			else if (c >= '0' && c <= '9') {
				name.append(c);
				capitalizeNext = true;
			}
			else {
				capitalizeNext = true;
			}
		}
		if (RESERVED_NAMES.contains(name.toString())) {
			throw new NoSuchMethodException("accessors of " + field.getFullName() + " are renamed");
		}
		return name.toString();
	}

	/** The Java type of a map key or value, as the generated {@code putFoo} takes it. */
	private static Class<?> javaType(FieldDescriptor field) {
		return switch (field.getJavaType()) {
			case INT, ENUM -> int.class;
			case LONG -> long.class;
			case FLOAT -> float.class;
			case DOUBLE -> double.class;
			case BOOLEAN -> boolean.class;
			case STRING -> String.class;
			case BYTE_STRING -> ByteString.class;
			case MESSAGE -> throw new IllegalArgumentException("message values are typed by their class");
		};
	}

	/** The value a field without presence has when not set, boxed as its getter's value is. */
	private static Object implicitDefault(FieldDescriptor field) {
		return (field.getJavaType() == FieldDescriptor.JavaType.ENUM) ? Integer.valueOf(0) : field.getDefaultValue();
	}

}
