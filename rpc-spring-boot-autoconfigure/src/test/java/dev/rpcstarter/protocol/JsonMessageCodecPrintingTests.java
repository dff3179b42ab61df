package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.JsonCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON codec writes exactly what protobuf-java-util's JsonFormat writes, byte for byte.
 */
class JsonMessageCodecPrintingTests {

	private static final JsonFormat.Printer JSON_FORMAT = JsonFormat.printer()
		.usingTypeRegistry(JsonCorpusMessages.TYPES)
		.omittingInsignificantWhitespace();

	static Stream<Arguments> corpus() {
		return JsonCorpusMessages.corpus().entrySet().stream().map((entry) -> Arguments.of(entry.getKey(), entry.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void corpusMessageIsWrittenAsJsonFormatWritesIt(String name, JsonCorpus message) throws Exception {
		assertPrintedAsJsonFormatPrints(message);
	}

	@Test
	void randomMessagesAreWrittenAsJsonFormatWritesThem() throws Exception {
		for (JsonCorpus message : JsonCorpusMessages.random(20251125L, 500)) {
			assertPrintedAsJsonFormatPrints(message);
		}
	}

	@Test
	void corpusTypeUsesTheFastCodec() {
		assertThat(JsonFieldTable.of(JsonCorpus.getDefaultInstance())).isNotNull();
		assertThat(JsonFieldTable.of(EchoResponse.getDefaultInstance())).isNotNull();
	}

	@Test
	void typesWithExtensionsOrAWellKnownFormFallBackToJsonFormat() throws Exception {
		assertThat(JsonFieldTable.of(FileOptions.getDefaultInstance())).isNull();
		assertThat(JsonFieldTable.of(Timestamp.getDefaultInstance())).isNull();
		assertPrintedAsJsonFormatPrints(FileOptions.newBuilder().setJavaPackage("a.b").setCcEnableArenas(false).build());
		assertPrintedAsJsonFormatPrints(Timestamp.newBuilder().setSeconds(5).build());
	}

	@Test
	void typesWithClosedEnumsOrWithoutGeneratedAccessorsFallBackToJsonFormat() throws Exception {
		FieldDescriptorProto withClosedEnums = FieldDescriptorProto.newBuilder()
			.setName("f")
			.setType(FieldDescriptorProto.Type.TYPE_BYTES)
			.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
			.build();
		assertThat(JsonFieldTable.of(FieldDescriptorProto.getDefaultInstance())).isNull();
		assertPrintedAsJsonFormatPrints(withClosedEnums);
		DynamicMessage dynamic = DynamicMessage.newBuilder(JsonCorpus.getDescriptor())
			.setField(JsonCorpus.getDescriptor().findFieldByName("a_string"), "x")
			.build();
		assertThat(JsonFieldTable.of(JsonCorpus.getDefaultInstance())).isNotNull();
		assertThat(JsonFieldTable.of(dynamic)).isNull();
		assertPrintedAsJsonFormatPrints(dynamic);
	}

	private static void assertPrintedAsJsonFormatPrints(Message message) throws Exception {
		JsonMessageCodec<Message> codec = new JsonMessageCodec<>(message.getDefaultInstanceForType(),
				JsonCorpusMessages.TYPES);
		String expected = JSON_FORMAT.print(message);
		assertThat(new String(codec.encode(message), StandardCharsets.UTF_8)).isEqualTo(expected);
	}

}
