package dev.rpcstarter.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.test.v1.JsonCorpus;
import dev.rpcstarter.test.v1.Shade;

/**
 * Messages that exercise every shape of the proto3 JSON mapping: a hand-written corpus of edge
 * cases, and random messages from a fixed seed.
 */
final class JsonCorpusMessages {

	static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
		.add(JsonCorpus.getDescriptor())
		.build();

	private static final String AWKWARD_TEXT = "quote \" backslash \\ slash / <tag> & = ' \u0000\u0001\u001f\u007f"
			+ " \b\f\n\r\t é 中文 😀 \u2028\u2029 \uFEFF";

	private JsonCorpusMessages() {
	}

	/** Named messages, each exercising one part of the mapping. */
	static Map<String, JsonCorpus> corpus() {
		Map<String, JsonCorpus> corpus = new LinkedHashMap<>();
		corpus.put("empty", JsonCorpus.getDefaultInstance());
		corpus.put("maximums", JsonCorpus.newBuilder()
			.setADouble(Double.MAX_VALUE).setAFloat(Float.MAX_VALUE).setAnInt32(Integer.MAX_VALUE)
			.setAnInt64(Long.MAX_VALUE).setAUint32(-1).setAUint64(-1L).setASint32(Integer.MAX_VALUE)
			.setASint64(Long.MAX_VALUE).setAFixed32(-1).setAFixed64(-1L).setAnSfixed32(Integer.MAX_VALUE)
			.setAnSfixed64(Long.MAX_VALUE).setABool(true).build());
		corpus.put("minimums", JsonCorpus.newBuilder()
			.setADouble(-Double.MAX_VALUE).setAFloat(Float.MIN_VALUE).setAnInt32(Integer.MIN_VALUE)
			.setAnInt64(Long.MIN_VALUE).setAUint32(Integer.MIN_VALUE).setAUint64(Long.MIN_VALUE)
			.setASint32(Integer.MIN_VALUE).setASint64(Long.MIN_VALUE).setAFixed32(Integer.MIN_VALUE)
			.setAFixed64(Long.MIN_VALUE).setAnSfixed32(Integer.MIN_VALUE).setAnSfixed64(Long.MIN_VALUE).build());
		corpus.put("small negatives", JsonCorpus.newBuilder()
			.setADouble(-1.5).setAFloat(-2.25f).setAnInt32(-1).setAnInt64(-1).setASint32(-1).setASint64(-1)
			.setAnSfixed32(-1).setAnSfixed64(-1).build());
		corpus.put("float specials", JsonCorpus.newBuilder()
			.setADouble(Double.NaN).setAFloat(Float.NEGATIVE_INFINITY)
			.addDoubles(Double.POSITIVE_INFINITY).addDoubles(Double.NEGATIVE_INFINITY).addDoubles(-0.0)
			.addDoubles(Double.MIN_VALUE).addDoubles(1e21).addDoubles(1e-7).addDoubles(123456789.125)
			.addFloats(Float.NaN).addFloats(Float.POSITIVE_INFINITY).addFloats(-0.0f).addFloats(0.1f)
			.addFloats(3.4e38f).addFloats(1e-45f)
			.addUnpackedDoubles(Double.NaN).addUnpackedDoubles(-0.0).build());
		corpus.put("negative zero", JsonCorpus.newBuilder().setADouble(-0.0).setAFloat(-0.0f).build());
		corpus.put("text", JsonCorpus.newBuilder()
			.setAString(AWKWARD_TEXT).addStrings("").addStrings(AWKWARD_TEXT).addStrings("plain ascii")
			.putStringToString(AWKWARD_TEXT, AWKWARD_TEXT).putStringToString("", "")
			.setFieldWithCustomJsonName("custom").setFieldAtLargeNumber(7).build());
		corpus.put("bytes", JsonCorpus.newBuilder()
			.setSomeBytes(ByteString.copyFrom(new byte[] { (byte) 0xFB, (byte) 0xFF, (byte) 0xBF, 0, 1 }))
			.addBytesList(ByteString.EMPTY).addBytesList(ByteString.copyFromUtf8("a"))
			.addBytesList(ByteString.copyFromUtf8("ab")).addBytesList(ByteString.copyFromUtf8("abc"))
			.build());
		corpus.put("enums", JsonCorpus.newBuilder()
			.setAShade(Shade.SHADE_NEGATIVE).addShades(Shade.SHADE_DARK).addShadesValue(99)
			.addShades(Shade.SHADE_UNSPECIFIED).addUnpackedShadesValue(-7).addUnpackedShades(Shade.SHADE_LIGHT)
			.putFixed32ToShadeValue(3, 1234).putFixed32ToShade(4, Shade.SHADE_UNSPECIFIED).build());
		corpus.put("unknown enum number", JsonCorpus.newBuilder().setAShadeValue(42).build());
		corpus.put("large repeated", largeRepeated());
		corpus.put("unpacked", JsonCorpus.newBuilder()
			.addUnpackedInt32S(0).addUnpackedInt32S(-1).addUnpackedInt32S(Integer.MAX_VALUE).build());
		corpus.put("maps of every key type", JsonCorpus.newBuilder()
			.putInt32ToInt32(-1, 0).putInt32ToInt32(0, -1).putInt32ToInt32(Integer.MIN_VALUE, 5)
			.putInt64ToString(Long.MIN_VALUE, "min").putInt64ToString(Long.MAX_VALUE, "max")
			.putUint32ToBool(-1, true).putUint32ToBool(0, false)
			.putUint64ToDouble(-1L, Double.NaN).putUint64ToDouble(1, -0.0)
			.putSint32ToBytes(-3, ByteString.copyFromUtf8("??>>")).putSint32ToBytes(3, ByteString.EMPTY)
			.putSint64ToFloat(-9, Float.POSITIVE_INFINITY)
			.putFixed64ToChild(-1L, JsonCorpus.newBuilder().setAnInt32(1).build())
			.putFixed64ToChild(2, JsonCorpus.getDefaultInstance())
			.putSfixed32ToInt64(-1, Long.MIN_VALUE).putSfixed64ToUint64(Long.MIN_VALUE, -1L)
			.putBoolToTimestamp(true, Timestamp.newBuilder().setSeconds(1).setNanos(1000).build())
			.putBoolToTimestamp(false, Timestamp.getDefaultInstance())
			.putStringToValue("null", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
			.putStringToValue("list", Value.newBuilder()
				.setListValue(ListValue.newBuilder().addValues(Value.newBuilder().setBoolValue(true))).build())
			.build());
		corpus.put("nested and recursive", JsonCorpus.newBuilder()
			.setChild(JsonCorpus.newBuilder().setChild(JsonCorpus.newBuilder().setChild(JsonCorpus.newBuilder()
				.setAString("deep").addChildren(JsonCorpus.getDefaultInstance()))))
			.addChildren(JsonCorpus.newBuilder().setAnInt64(5)).addChildren(JsonCorpus.getDefaultInstance())
			.build());
		corpus.put("oneof string", JsonCorpus.newBuilder().setChosenString("").build());
		corpus.put("oneof int32 zero", JsonCorpus.newBuilder().setChosenInt32(0).build());
		corpus.put("oneof child", JsonCorpus.newBuilder().setChosenChild(JsonCorpus.getDefaultInstance()).build());
		corpus.put("oneof enum zero", JsonCorpus.newBuilder().setChosenShade(Shade.SHADE_UNSPECIFIED).build());
		corpus.put("oneof null value", JsonCorpus.newBuilder()
			.setChosenValue(Value.newBuilder().setNullValue(NullValue.NULL_VALUE)).build());
		corpus.put("optional defaults", JsonCorpus.newBuilder()
			.setOptionalInt32(0).setOptionalString("").setOptionalShade(Shade.SHADE_UNSPECIFIED)
			.setOptionalDouble(-0.0).build());
		corpus.put("optional values", JsonCorpus.newBuilder()
			.setOptionalInt32(-5).setOptionalString("x").setOptionalShadeValue(77).setOptionalDouble(1.5).build());
		corpus.put("well-known types", wellKnownTypes());
		corpus.put("well-known defaults", JsonCorpus.newBuilder()
			.setTimestamp(Timestamp.getDefaultInstance()).setDuration(Duration.getDefaultInstance())
			.setFieldMask(FieldMask.getDefaultInstance()).setStruct(Struct.getDefaultInstance())
			.setListValue(ListValue.getDefaultInstance()).setEmpty(Empty.getDefaultInstance())
			.setDoubleWrapper(DoubleValue.getDefaultInstance()).setFloatWrapper(FloatValue.getDefaultInstance())
			.setInt64Wrapper(Int64Value.getDefaultInstance()).setUint64Wrapper(UInt64Value.getDefaultInstance())
			.setInt32Wrapper(Int32Value.getDefaultInstance()).setUint32Wrapper(UInt32Value.getDefaultInstance())
			.setBoolWrapper(BoolValue.getDefaultInstance()).setStringWrapper(StringValue.getDefaultInstance())
			.setBytesWrapper(BytesValue.getDefaultInstance()).build());
		corpus.put("timestamps and durations", JsonCorpus.newBuilder()
			.addTimestamps(Timestamp.newBuilder().setSeconds(-62135596800L))
			.addTimestamps(Timestamp.newBuilder().setSeconds(253402300799L).setNanos(999999999))
			.addTimestamps(Timestamp.newBuilder().setSeconds(1).setNanos(10_000_000))
			.addTimestamps(Timestamp.newBuilder().setSeconds(-1).setNanos(123_000))
			.addDurations(Duration.newBuilder().setSeconds(-315576000000L).setNanos(-999999999))
			.addDurations(Duration.newBuilder().setSeconds(315576000000L).setNanos(999999999))
			.addDurations(Duration.newBuilder().setNanos(-1)).addDurations(Duration.newBuilder().setSeconds(3))
			.addDurations(Duration.newBuilder().setSeconds(1).setNanos(500_000_000))
			.build());
		return corpus;
	}

	private static JsonCorpus largeRepeated() {
		JsonCorpus.Builder large = JsonCorpus.newBuilder();
		for (int i = 0; i < 2000; i++) {
			large.addInt32S(i * 7919 - 5000).addInt64S(i * 1_000_000_007L).addBools(i % 3 == 0)
				.addStrings("item " + i).addFixed64S(-i).addSint32S(-i).addSfixed32S(i);
		}
		for (int i = 0; i < 100; i++) {
			large.addChildren(JsonCorpus.newBuilder().setAnInt32(i).addStrings("child " + i));
		}
		return large.build();
	}

	private static JsonCorpus wellKnownTypes() {
		Value number = Value.newBuilder().setNumberValue(1.25).build();
		Struct struct = Struct.newBuilder()
			.putFields("a", number)
			.putFields("b", Value.newBuilder().setStringValue("<x>").build())
			.putFields("c", Value.newBuilder().setStructValue(Struct.newBuilder().putFields("d", number)).build())
			.build();
		return JsonCorpus.newBuilder()
			.setTimestamp(Timestamp.newBuilder().setSeconds(1700000000).setNanos(123456789))
			.setDuration(Duration.newBuilder().setSeconds(-5).setNanos(-10000))
			.setFieldMask(FieldMask.newBuilder().addPaths("a_string").addPaths("child.an_int32"))
			.setStruct(struct)
			.setValue(Value.newBuilder().setStructValue(struct))
			.setListValue(ListValue.newBuilder().addValues(number).addValues(Value.newBuilder().setBoolValue(false)))
			.setAny(Any.pack(JsonCorpus.newBuilder().setAnInt64(9).setTimestamp(Timestamp.newBuilder().setSeconds(9))
				.build()))
			.setEmpty(Empty.getDefaultInstance())
			.setDoubleWrapper(DoubleValue.of(Double.NEGATIVE_INFINITY)).setFloatWrapper(FloatValue.of(1.5f))
			.setInt64Wrapper(Int64Value.of(Long.MIN_VALUE)).setUint64Wrapper(UInt64Value.of(-1L))
			.setInt32Wrapper(Int32Value.of(-3)).setUint32Wrapper(UInt32Value.of(-1))
			.setBoolWrapper(BoolValue.of(true)).setStringWrapper(StringValue.of(AWKWARD_TEXT))
			.setBytesWrapper(BytesValue.of(ByteString.copyFromUtf8("bytes?")))
			.addValues(number).addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
			.build();
	}

	/**
	 * Random messages: each field set with probability one in three, to values drawn from edge
	 * cases and random bits, nesting up to a depth.
	 */
	static List<JsonCorpus> random(long seed, int count) {
		Random random = new Random(seed);
		List<JsonCorpus> messages = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			JsonCorpus.Builder builder = JsonCorpus.newBuilder();
			fill(builder, random, 3);
			messages.add(withUniqueMapKeys(builder.build()));
		}
		return messages;
	}

	/**
	 * Map entries added through reflection may repeat a key, which JsonFormat would print twice;
	 * a real message holds each key once (the last), as the wire format keeps it.
	 */
	private static JsonCorpus withUniqueMapKeys(JsonCorpus message) {
		try {
			return JsonCorpus.parseFrom(message.toByteArray());
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void fill(Message.Builder builder, Random random, int depth) {
		for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
			if (random.nextInt(3) != 0) {
				continue;
			}
			if (field.isMapField()) {
				for (int i = random.nextInt(4); i > 0; i--) {
					Message.Builder entry = builder.newBuilderForField(field);
					FieldDescriptor key = entry.getDescriptorForType().findFieldByNumber(1);
					FieldDescriptor value = entry.getDescriptorForType().findFieldByNumber(2);
					entry.setField(key, value(key, entry, random, depth));
					entry.setField(value, value(value, entry, random, depth));
					builder.addRepeatedField(field, entry.build());
				}
			}
			else if (field.isRepeated()) {
				for (int i = random.nextInt(random.nextBoolean() ? 4 : 40); i > 0; i--) {
					builder.addRepeatedField(field, value(field, builder, random, depth));
				}
			}
			else {
				builder.setField(field, value(field, builder, random, depth));
			}
		}
	}

	private static Object value(FieldDescriptor field, Message.Builder builder, Random random, int depth) {
		return switch (field.getJavaType()) {
			case INT -> pick(random, random.nextInt(), 0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
			case LONG -> pick(random, random.nextLong(), 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 53);
			case FLOAT -> pick(random, Float.intBitsToFloat(random.nextInt()), random.nextFloat(), 0f, -0f, Float.NaN,
					Float.POSITIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE);
			case DOUBLE -> pick(random, Double.longBitsToDouble(random.nextLong()), random.nextDouble() * 1e6, 0d, -0d,
					Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE);
			case BOOLEAN -> random.nextBoolean();
			case STRING -> text(random);
			case BYTE_STRING -> {
				byte[] bytes = new byte[random.nextInt(12)];
				random.nextBytes(bytes);
				yield ByteString.copyFrom(bytes);
			}
			case ENUM -> enumValue(field.getEnumType(), random);
			case MESSAGE -> message(field, builder, random, depth);
		};
	}

	@SafeVarargs
	private static <V> V pick(Random random, V... choices) {
		return choices[random.nextInt(choices.length)];
	}

	private static String text(Random random) {
		StringBuilder text = new StringBuilder();
		for (int i = random.nextInt(10); i > 0; i--) {
			int kind = random.nextInt(4);
			if (kind == 0) {
				text.append(AWKWARD_TEXT.charAt(random.nextInt(AWKWARD_TEXT.length() - 4)));
			}
			else if (kind == 1) {
				text.appendCodePoint(0x20 + random.nextInt(0x60));
			}
			else if (kind == 2) {
				text.appendCodePoint(random.nextInt(0x20));
			}
			else {
				// Any code point but the surrogates, which a valid string never holds alone.
				int codePoint = random.nextInt(0x10FFFF);
				text.appendCodePoint((codePoint >= 0xD800 && codePoint <= 0xDFFF) ? 'x' : codePoint);
			}
		}
		return text.toString();
	}

	private static Object enumValue(EnumDescriptor type, Random random) {
		// NullValue is JSON null whatever its number, so only its one value reads back.
		if (random.nextInt(5) == 0 && !type.getFullName().equals(NullValue.getDescriptor().getFullName())) {
			return type.findValueByNumberCreatingIfUnknown(random.nextInt(1000) + 100);
		}
		return type.getValues().get(random.nextInt(type.getValues().size()));
	}

	private static Message message(FieldDescriptor field, Message.Builder builder, Random random, int depth) {
		Message.Builder child = builder.newBuilderForField(field);
		switch (child.getDescriptorForType().getFullName()) {
			case "google.protobuf.Timestamp" -> {
				return Timestamp.newBuilder()
					.setSeconds(random.nextLong(-62135596800L, 253402300800L))
					.setNanos(pick(random, 0, random.nextInt(1_000_000_000), 1_000_000, 1000))
					.build();
			}
			case "google.protobuf.Duration" -> {
				long seconds = random.nextLong(-315576000000L, 315576000001L);
				int nanos = pick(random, 0, random.nextInt(1_000_000_000), 1_000_000);
				return Duration.newBuilder().setSeconds(seconds).setNanos((seconds < 0) ? -nanos : nanos).build();
			}
			case "google.protobuf.DoubleValue" -> {
				// Wrappers are read by JsonFormat, which reads -0.0 as 0.0.
				return DoubleValue.of(random.nextDouble());
			}
			case "google.protobuf.Value" -> {
				return Value.newBuilder().setNumberValue(random.nextInt(1000) / 8.0).build();
			}
			case "google.protobuf.Any" -> {
				return Any.pack(JsonCorpus.newBuilder().setAnInt32(random.nextInt()).build());
			}
			case "google.protobuf.Struct", "google.protobuf.ListValue", "google.protobuf.FieldMask" -> {
				return child.build();
			}
			default -> {
				if (depth > 0) {
					fill(child, random, depth - 1);
				}
				return child.build();
			}
		}
	}

}
