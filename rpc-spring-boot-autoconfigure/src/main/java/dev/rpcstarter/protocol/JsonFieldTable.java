package dev.rpcstarter.protocol;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * The fields of one message type, in number order (for printing) and by JSON and proto name
 * (for parsing), with the accessors of its generated class, built once per type and shared by
 * every codec.
 */
final class JsonFieldTable {

	private static final Map<Descriptor, JsonFieldTable> TABLES = new ConcurrentHashMap<>();

	final Descriptor descriptor;

	/** The type's default instance, whose builder the parser fills. */
	final Message prototype;

	// Counted once: the descriptor's lists are wrapped anew on every call.
	private final int fieldCount;

	private final int oneofCount;

	private final JsonField[] inOrder;

	private final JsonField[] inNumberOrder;

	private final Map<String, JsonField> byName = new HashMap<>();

	private JsonFieldTable(Message prototype) {
		this.descriptor = prototype.getDescriptorForType();
		this.prototype = prototype;
		this.fieldCount = this.descriptor.getFields().size();
		this.oneofCount = this.descriptor.getRealOneofs().size();
		this.inOrder = new JsonField[this.fieldCount];
		this.inNumberOrder = new JsonField[this.fieldCount];
	}

	/**
	 * The table of a type, built (with those of the types it refers to) on first use.
	 * @param prototype the default instance of a generated message type
	 * @return its table, or {@code null} when the fast codec does not support the type (see
	 * {@link #supports(Descriptor)}) or its class lacks an accessor where the generator's naming
	 * rules put one: JsonFormat reads and writes it
	 */
	static JsonFieldTable of(Message prototype) {
		Descriptor type = prototype.getDescriptorForType();
		JsonFieldTable table = TABLES.get(type);
		if (table != null) {
			// A dynamic message of a generated type's descriptor has none of its accessors.
			return (table.prototype.getClass() == prototype.getClass()) ? table : null;
		}
		if (!supports(type)) {
			return null;
		}
		synchronized (TABLES) {
			// Recursive types refer to tables still being built, so none is shared before all are.
			Map<Descriptor, JsonFieldTable> built = new HashMap<>();
			try {
				table = build(prototype, built);
			}
			catch (ReflectiveOperationException ex) {
				return null;
			}
			TABLES.putAll(built);
			return table;
		}
	}

	private static JsonFieldTable build(Message prototype, Map<Descriptor, JsonFieldTable> built)
			throws ReflectiveOperationException {
		Descriptor type = prototype.getDescriptorForType();
		JsonFieldTable table = TABLES.get(type);
		if (table == null) {
			table = built.get(type);
		}
		if (table != null) {
			return table;
		}
		table = new JsonFieldTable(prototype);
		built.put(type, table);
		// Map entries are read and written through their map field's accessors.
		boolean generated = !type.getOptions().getMapEntry();
		Class<?> builderType = prototype.newBuilderForType().getClass();
		for (FieldDescriptor descriptor : type.getFields()) {
			boolean hasFields = descriptor.getType() == FieldDescriptor.Type.MESSAGE
					&& WellKnownJson.form(descriptor.getMessageType()) == WellKnownJson.Form.FIELDS;
			JsonFieldTable messageType = hasFields ? build(fieldPrototype(prototype, descriptor), built) : null;
			FieldAccessor accessor = generated ? new FieldAccessor(descriptor, prototype.getClass(), builderType) : null;
			table.add(descriptor, new JsonField(descriptor, messageType, accessor));
		}
		Arrays.sort(table.inNumberOrder, Comparator.comparingInt((JsonField field) -> field.number));
		return table;
	}

	/** The default instance of a message field's type (of a map field: of its entry type). */
	private static Message fieldPrototype(Message prototype, FieldDescriptor field) {
		return prototype.newBuilderForType().newBuilderForField(field).getDefaultInstanceForType();
	}

	private void add(FieldDescriptor descriptor, JsonField field) {
		this.inOrder[field.index] = field;
		this.inNumberOrder[field.index] = field;
		// Interned as Jackson interns the names it reads, so a lookup compares references.
		this.byName.put(descriptor.getJsonName().intern(), field);
		this.byName.put(descriptor.getName().intern(), field);
	}

	/**
	 * Whether the fast codec can read and write a message type: one written as an object of its
	 * fields, without groups, extensions or closed enums anywhere within it.
	 * @param type the message type
	 * @return whether it is supported; otherwise JsonFormat reads and writes it
	 */
	static boolean supports(Descriptor type) {
		return WellKnownJson.form(type) == WellKnownJson.Form.FIELDS && supports(type, new HashSet<>());
	}

	private static boolean supports(Descriptor type, Set<Descriptor> seen) {
		if (!seen.add(type) || WellKnownJson.form(type) != WellKnownJson.Form.FIELDS) {
			return true;
		}
		if (type.isExtendable()) {
			return false;
		}
		for (FieldDescriptor field : type.getFields()) {
			if (field.getType() == FieldDescriptor.Type.GROUP
					|| (field.getType() == FieldDescriptor.Type.ENUM && field.getEnumType().isClosed())
					|| (field.getType() == FieldDescriptor.Type.MESSAGE && !supports(field.getMessageType(), seen))) {
				return false;
			}
		}
		return true;
	}

	/** The fields in number order, the order JsonFormat writes them in. */
	JsonField[] inNumberOrder() {
		return this.inNumberOrder;
	}

	/** A map entry's key field. */
	JsonField mapKey() {
		return this.inOrder[0];
	}

	/** A map entry's value field. */
	JsonField mapValue() {
		return this.inOrder[1];
	}

	/**
	 * The field declared after another, the one JSON writers usually send next.
	 * @param field a field of this type, or {@code null} for the first field
	 * @return the next field, or {@code null} after the last
	 */
	JsonField fieldAfter(JsonField field) {
		int next = (field != null) ? field.index + 1 : 0;
		return (next < this.inOrder.length) ? this.inOrder[next] : null;
	}

	/** The field with a JSON name or a proto name, or {@code null}. */
	JsonField field(String name) {
		return this.byName.get(name);
	}

	int fieldCount() {
		return this.fieldCount;
	}

	int oneofCount() {
		return this.oneofCount;
	}

}
