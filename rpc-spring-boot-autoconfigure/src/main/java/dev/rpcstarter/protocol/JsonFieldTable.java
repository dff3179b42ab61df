package dev.rpcstarter.protocol;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * The fields of one message type, by number (for printing the wire format) and by JSON and
 * proto name (for parsing), built once per type and shared by every codec.
 */
final class JsonFieldTable {

	private static final Map<Descriptor, JsonFieldTable> TABLES = new ConcurrentHashMap<>();

	/** Above this number fields are found through a map rather than an array. */
	private static final int DENSE_NUMBERS = 256;

	final Descriptor descriptor;

	// Counted once: the descriptor's lists are wrapped anew on every call.
	private final int fieldCount;

	private final int oneofCount;

	private final JsonField[] inOrder;

	private final Map<String, JsonField> byName = new HashMap<>();

	private final Map<Integer, JsonField> bySparseNumber = new HashMap<>();

	private final JsonField[] byDenseNumber = new JsonField[DENSE_NUMBERS + 1];

	private JsonFieldTable(Descriptor descriptor) {
		this.descriptor = descriptor;
		this.fieldCount = descriptor.getFields().size();
		this.oneofCount = descriptor.getRealOneofs().size();
		this.inOrder = new JsonField[this.fieldCount];
	}

	/**
	 * The table of a type, built (with those of the types it refers to) on first use.
	 * @param type a message type that {@link JsonFieldTable#supports(Descriptor)}
	 * @return its table
	 */
	static JsonFieldTable of(Descriptor type) {
		JsonFieldTable table = TABLES.get(type);
		if (table != null) {
			return table;
		}
		synchronized (TABLES) {
			// Recursive types refer to tables still being built, so none is shared before all are.
			Map<Descriptor, JsonFieldTable> built = new HashMap<>();
			table = build(type, built);
			TABLES.putAll(built);
			return table;
		}
	}

	private static JsonFieldTable build(Descriptor type, Map<Descriptor, JsonFieldTable> built) {
		JsonFieldTable table = TABLES.get(type);
		if (table == null) {
			table = built.get(type);
		}
		if (table != null) {
			return table;
		}
		table = new JsonFieldTable(type);
		built.put(type, table);
		for (FieldDescriptor descriptor : type.getFields()) {
			boolean hasFields = descriptor.getType() == FieldDescriptor.Type.MESSAGE
					&& WellKnownJson.form(descriptor.getMessageType()) == WellKnownJson.Form.FIELDS;
			table.add(descriptor, new JsonField(descriptor, hasFields ? build(descriptor.getMessageType(), built) : null));
		}
		return table;
	}

	private void add(FieldDescriptor descriptor, JsonField field) {
		this.inOrder[field.index] = field;
		// Interned as Jackson interns the names it reads, so a lookup compares references.
		this.byName.put(descriptor.getJsonName().intern(), field);
		this.byName.put(descriptor.getName().intern(), field);
		if (field.number <= DENSE_NUMBERS) {
			this.byDenseNumber[field.number] = field;
		}
		else {
			this.bySparseNumber.put(field.number, field);
		}
	}

	/**
	 * Whether the fast codec can read and write a message type: one written as an object of its
	 * fields, without groups or extensions anywhere within it.
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
					|| (field.getType() == FieldDescriptor.Type.MESSAGE && !supports(field.getMessageType(), seen))) {
				return false;
			}
		}
		return true;
	}

	/** The field with a number, or {@code null}. */
	JsonField field(int number) {
		return (number <= DENSE_NUMBERS) ? this.byDenseNumber[number] : this.bySparseNumber.get(number);
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
