package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.test.v1.JsonCorpus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The JSON codec reads what protobuf-java-util's JsonFormat reads, into the same message, and
 * rejects what it rejects.
 */
class JsonMessageCodecParsingTests {

	private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
		.usingTypeRegistry(JsonCorpusMessages.TYPES)
		.omittingInsignificantWhitespace();

	private static final JsonFormat.Parser JSON_FORMAT = JsonFormat.parser()
		.usingTypeRegistry(JsonCorpusMessages.TYPES)
		.ignoringUnknownFields();

	private final JsonMessageCodec<JsonCorpus> codec = new JsonMessageCodec<>(JsonCorpus.getDefaultInstance(),
			JsonCorpusMessages.TYPES);

	static Stream<Arguments> corpus() {
		return JsonCorpusMessages.corpus().entrySet().stream().map((entry) -> Arguments.of(entry.getKey(), entry.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void corpusMessageIsReadBackFromJsonFormatsJson(String name, JsonCorpus message) throws Exception {
		assertThat(decode(PRINTER.print(message))).isEqualTo(message);
	}

	@Test
	void randomMessagesAreReadBackAsJsonFormatReadsThem() throws Exception {
		for (JsonCorpus message : JsonCorpusMessages.random(20251126L, 500)) {
			// JsonFormat itself reads -0.0 back as 0.0, so the original is the reference.
			assertThat(decode(PRINTER.print(message))).isEqualTo(message);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "  {  }  ", "{\"a_string\":\"x\",\"an_int64\":\"5\",\"some_bytes\":\"YWI=\"}",
			"{\"anInt32\":\"-7\",\"aUint32\":\"4294967295\",\"anInt64\":\"-9223372036854775808\",\"aUint64\":\"18446744073709551615\","
					+ "\"aDouble\":\"1.5\",\"aFloat\":\"-2.5\",\"aFixed64\":\"1\",\"aSint32\":\"3\",\"aFixed32\":\"+4\"}",
			"{\"anInt32\":1e2,\"anInt64\":\"1.0\",\"aUint32\":4.0E0,\"aSint64\":-0,\"anSfixed32\":\"-2.000\"}",
			"{\"anInt64\":-9223372036854775808,\"aUint64\":18446744073709551615,\"aFixed64\":1.8446744073709551615e19}",
			"{\"anInt32\":null,\"aString\":null,\"child\":null,\"int32s\":null,\"stringToString\":null,\"timestamp\":null,"
					+ "\"chosenString\":null,\"optionalInt32\":null,\"aShade\":null,\"struct\":null,\"any\":null}",
			"{\"value\":null,\"chosenValue\":null}", "{\"values\":[null,1,\"a\"],\"stringToValue\":{\"n\":null}}",
			"{\"someBytes\":\"-_-_\",\"bytesList\":[\"+/+/\",\"YQ\",\"YWI\",\"YQ==\",\"\"]}",
			"{\"aDouble\":\"NaN\",\"aFloat\":\"-Infinity\",\"doubles\":[\"Infinity\",1e308,0.0,\"0\",5],\"floats\":[3.4028235e38,\"1e-46\"]}",
			"{\"aBool\":\"true\",\"bools\":[false,\"false\",true]}",
			"{\"aShade\":2,\"shades\":[\"SHADE_DARK\",7,\"7\",\"SHADE_NOPE\",-1],\"optionalShade\":\"NOPE\",\"unpackedShades\":[\"SHADE_LIGHT\"]}",
			"{\"fixed32ToShade\":{\"1\":\"SHADE_NOPE\",\"2\":\"SHADE_DARK\",\"3\":5}}",
			"{\"int32ToInt32\":{\"-5\":1,\"1.0\":\"2\"},\"boolToTimestamp\":{\"true\":\"2020-01-01T00:00:00.5+01:00\"},"
					+ "\"uint64ToDouble\":{\"18446744073709551615\":\"NaN\"},\"sfixed64ToUint64\":{\"-1\":\"1\"},\"uint32ToBool\":{\"0\":\"true\"}}",
			"{\"nope\":{\"a\":[1,{\"b\":null}]},\"alsoNope\":1,\"anInt32\":3,\"@type\":\"x\"}",
			"{\"aString\":\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\",\"strings\":[1,true,\"x\",12.50]}",
			"{\"duration\":\"-1.5s\",\"durations\":[\"0s\",\"1.000000001s\",\"-0.000001s\"],\"timestamps\":[\"1970-01-01T00:00:00Z\"]}",
			"{\"struct\":{\"a\":[1,\"x\",null,{\"b\":true}],\"n\":1.00000000000000000001},\"listValue\":[1,2.5e3],\"empty\":{},"
					+ "\"any\":{\"@type\":\"type.googleapis.com/rpcstarter.test.v1.JsonCorpus\",\"anInt32\":5},"
					+ "\"int64Wrapper\":\"12\",\"uint32Wrapper\":7,\"bytesWrapper\":\"YQ\",\"fieldMask\":\"aString,child.anInt32\"}",
			"{\"chosenString\":null,\"chosenInt32\":5}", "{\"field_with_custom_json_name\":\"a\"}", "{\"customName\":\"b\"}",
			"{\"child\":{\"child\":{\"an_int32\":1}},\"children\":[{},{\"aBool\":true}],\"fixed64ToChild\":{\"1\":{}}}",
			"{\"fieldAtLargeNumber\":5,\"int32s\":[],\"stringToString\":{}}" })
	void alternativeInputIsReadAsJsonFormatReadsIt(String json) throws Exception {
		assertThat(decode(json)).isEqualTo(jsonFormat(json));
	}

	/**
	 * Names are first matched against the field declared next, then looked up: in order, out of
	 * order, by proto name, escaped, as a prefix or extension of the expected name, unknown.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "{\"aDouble\":1,\"aFloat\":2,\"anInt32\":3,\"anInt64\":\"4\",\"aUint32\":5}",
			"{\"aUint32\":5,\"anInt64\":\"4\",\"anInt32\":3,\"aFloat\":2,\"aDouble\":1}",
			"{\"a_double\":1,\"a_float\":2,\"an_int32\":3}", "{\"a\\u0044ouble\":1,\"aFlo\\u0061t\":2}",
			"{\"aDoubl\":1,\"aDoubles\":2,\"aFloat\":3}", "{\"aDouble\":1,\"x\":2,\"aFloat\":3,\"y\":{},\"anInt32\":4}",
			"{\"child\":{\"aDouble\":1,\"aFloat\":2},\"children\":[{\"aFloat\":1,\"aDouble\":2},{\"aDouble\":3}]}" })
	void fieldsAreFoundInAnyOrderAndSpelling(String json) throws Exception {
		assertThat(decode(json)).isEqualTo(jsonFormat(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"aDouble\":1,\"aFloat\":2,\"aDouble\":3}", "{\"aDouble\":1,\"a_double\":1}",
			"{\"aFloat\":1,\"aFloat\":2}", "{\"aDouble\":1,\"a\\u0044ouble\":2}" })
	void aFieldGivenTwiceIsRejectedWhicheverWayItIsFound(String json) {
		assertRejected(json);
	}

	@Test
	void negativeZeroDoubleKeepsItsSignWhereJsonFormatDropsIt() throws Exception {
		String json = "{\"aDouble\":-0.0,\"doubles\":[\"-0\"],\"aFloat\":-0.0}";
		assertThat(jsonFormat(json).getADouble()).isEqualTo(0.0);
		JsonCorpus decoded = decode(json);
		assertThat(decoded.getADouble()).isEqualTo(-0.0);
		assertThat(decoded.getDoubles(0)).isEqualTo(-0.0);
		assertThat(decoded.getAFloat()).isEqualTo(-0.0f);
	}

	@Test
	void stringsKeepWhatTheirEscapesSayAsJsonFormatKeepsIt() throws Exception {
		// Escaped in the JSON, so that unpaired surrogates reach the codec; map keys are read
		// from the field name rather than a string value.
		String json = "{\"aString\":\"a\\u00e9\\u20ac\\ud83d\\ude00\\ud800z\",\"stringToString\":{\"\\u00e9\\ud83d\\ude00\":\"\\udc00\"},"
				+ "\"strings\":[true,12]}";
		JsonCorpus decoded = decode(json);
		assertThat(decoded.getAString()).isEqualTo("a\u00e9\u20ac\ud83d\ude00\ud800z");
		assertThat(decoded.getStringToStringMap()).containsExactly(Map.entry("\u00e9\ud83d\ude00", "\udc00"));
		assertThat(decoded.getStringsList()).containsExactly("true", "12");
		assertThat(decoded).isEqualTo(jsonFormat(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "null", "[]", "1", "\"x\"", "{\"anInt32\":1.5}", "{\"anInt32\":2147483648}",
			"{\"aUint32\":-1}", "{\"aUint32\":4294967296}", "{\"aUint64\":\"-1\"}", "{\"anInt64\":\"9223372036854775808\"}",
			"{\"aUint64\":18446744073709551616}", "{\"aFloat\":1e39}", "{\"aDouble\":1e400}", "{\"aDouble\":\"1x\"}",
			"{\"aBool\":1}", "{\"aBool\":\"yes\"}", "{\"someBytes\":\"a\"}", "{\"someBytes\":\"YQ=\"}", "{\"someBytes\":\"!!\"}", "{\"someBytes\":\"+_\"}",
			"{\"int32s\":{}}", "{\"int32s\":[null]}", "{\"int32s\":[1,\"x\"]}", "{\"stringToString\":[]}",
			"{\"stringToString\":{\"a\":null}}", "{\"int32ToInt32\":{\"x\":1}}", "{\"uint32ToBool\":{\"-1\":true}}",
			"{\"boolToTimestamp\":{\"yes\":\"1970-01-01T00:00:00Z\"}}", "{\"child\":1}", "{\"child\":[]}",
			"{\"children\":[1]}", "{\"timestamp\":\"not a time\"}", "{\"timestamp\":1}", "{\"timestamp\":{}}",
			"{\"duration\":\"1\"}", "{\"chosenString\":\"a\",\"chosenInt32\":1}", "{\"aString\":\"a\",\"a_string\":\"b\"}",
			"{\"aString\":{}}", "{\"anInt32\":\"1 \"}", "{\"anInt32\":{}}", "{\"unknown\":[1,}", "{\"anInt32\":1,}",
			"{\"anInt32\"}", "{\"anInt32\":1", "{\"struct\":1}", "{\"any\":{\"@type\":\"type.googleapis.com/nope\"}}",
			"{\"aShade\":{}}", "{\"aString\":\"\\x\"}" })
	void inputJsonFormatRejectsIsRejected(String json) {
		assertThatExceptionOfType(Exception.class).as("JsonFormat").isThrownBy(() -> jsonFormat(json));
		assertRejected(json);
	}

	@Test
	void messagesNestedBeyondTheRecursionLimitAreRejected() {
		String json = "{\"child\":".repeat(150) + "{}" + "}".repeat(150);
		assertThatExceptionOfType(Exception.class).as("JsonFormat").isThrownBy(() -> jsonFormat(json));
		assertRejected(json).withMessageEndingWith(": Hit recursion limit.");
	}

	static List<Arguments> badValuesAndTheirPaths() {
		return List.of(Arguments.of("{\"anInt32\":\"x\"}", "anInt32: "),
				Arguments.of("{\"aString\":\"a\",\"child\":{\"int32s\":[1,\"x\"]}}", "child.int32s[1]: "),
				Arguments.of("{\"children\":[{},{\"aBool\":1}]}", "children[1].aBool: "),
				Arguments.of("{\"int32ToInt32\":{\"x\":1}}", "int32ToInt32[x]: "),
				Arguments.of("{\"stringToString\":{\"a\":null}}", "stringToString[a]: "),
				Arguments.of("{\"timestamp\":\"not a time\"}", "timestamp: Failed to parse timestamp: not a time"));
	}

	@ParameterizedTest
	@MethodSource("badValuesAndTheirPaths")
	void aBadValueIsReportedWithThePathToItsField(String json, String path) {
		assertRejected(json).withMessageStartingWith("INVALID_ARGUMENT: request is not valid JSON for "
				+ "rpcstarter.test.v1.JsonCorpus: " + path);
	}

	/**
	 * JsonFormat reads JSON with Gson's lenient reader; the codec reads standard JSON only, and
	 * rejects a field given twice under the same name, where JsonFormat keeps the last.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "{\"anInt32\":1,\"anInt32\":2}", "{} trailing", "{anInt32:1}", "{'aString':'x'}",
			"{\"anInt32\":1 /* comment */}", "{\"anInt32\":[1]}", "{\"anInt32\":01}" })
	void nonStandardJsonThatJsonFormatToleratesIsRejected(String json) {
		assertThatNoException().as("JsonFormat").isThrownBy(() -> jsonFormat(json));
		assertRejected(json);
	}

	private ThrowableAssertAlternative<StatusRuntimeException> assertRejected(String json) {
		return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> decode(json))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
	}

	private JsonCorpus decode(String json) {
		return this.codec.decode(json.getBytes(StandardCharsets.UTF_8));
	}

	private static JsonCorpus jsonFormat(String json) throws Exception {
		JsonCorpus.Builder builder = JsonCorpus.newBuilder();
		JSON_FORMAT.merge(json, builder);
		return builder.build();
	}

}
