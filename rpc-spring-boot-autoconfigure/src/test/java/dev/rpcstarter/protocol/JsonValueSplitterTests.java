package dev.rpcstarter.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Splitting a stream of JSON values into the values, whatever way its bytes arrive.
 */
class JsonValueSplitterTests {

	@Test
	void newlineDelimitedObjectsAreSplitAtTheirClosingBraces() throws IOException {
		assertThat(split("{\"a\":1}\n{\"b\":{\"c\":[1,2]}}\n", 1024, 8192))
			.containsExactly("{\"a\":1}", "{\"b\":{\"c\":[1,2]}}");
	}

	@Test
	void valuesMaySpanLinesOrShareOne() throws IOException {
		assertThat(split("{\n  \"a\": 1\n}{\"b\":2} [3]\r\n\t\"four\"", 1024, 8192))
			.containsExactly("{\n  \"a\": 1\n}", "{\"b\":2}", "[3]", "\"four\"");
	}

	@Test
	void bracketsAndQuotesInsideStringsDoNotEndAValue() throws IOException {
		assertThat(split("{\"a\":\"}]\\\"{\\\\\"} {\"b\":\"\\\\\"}", 1024, 8192))
			.containsExactly("{\"a\":\"}]\\\"{\\\\\"}", "{\"b\":\"\\\\\"}");
	}

	@Test
	void bareLiteralsEndAtWhitespaceAtTheNextValueOrAtTheEnd() throws IOException {
		assertThat(split("12 true{\"a\":1}null\n-3.5e2", 1024, 8192))
			.containsExactly("12", "true", "{\"a\":1}", "null", "-3.5e2");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 7 })
	void valuesArrivingInPiecesComeOutWhole(int readSize) throws IOException {
		String body = "{\"name\":\"a \\\"quoted\\\" title\",\"tags\":[\"x\",\"y\"]}\n{\"n\":[[],{}]}\n42\n";

		assertThat(split(body, 1024, readSize)).containsExactly(
				"{\"name\":\"a \\\"quoted\\\" title\",\"tags\":[\"x\",\"y\"]}", "{\"n\":[[],{}]}", "42");
	}

	@Test
	void manyValuesLargerThanOneReadComeOutWhole() throws IOException {
		String big = "{\"text\":\"" + "x".repeat(20_000) + "\"}";
		String body = (big + "\n").repeat(3);

		assertThat(split(body, 30_000, 8192)).containsExactly(big, big, big);
	}

	@Test
	void aValueOverTheLimitIsRefused() {
		String body = "{\"text\":\"" + "x".repeat(200) + "\"}";

		assertRefusedAsTooLarge(body, "larger than the limit of 100 bytes");
	}

	@Test
	void whitespaceBetweenValuesUpToTheLimitIsDropped() throws IOException {
		assertThat(split("{\"a\":1}" + " ".repeat(100) + "{\"b\":2}" + "\n".repeat(100), 100, 7))
			.containsExactly("{\"a\":1}", "{\"b\":2}");
	}

	@Test
	void whitespaceBetweenValuesOverTheLimitIsRefused() {
		String body = "{\"a\":1}" + " \n".repeat(50) + "\t{\"b\":2}";

		assertRefusedAsTooLarge(body, "whitespace between values is longer than the limit of 100 bytes");
	}

	@Test
	void aValueOfExactlyTheLimitIsAccepted() throws IOException {
		String value = "{\"t\":\"" + "x".repeat(92) + "\"}";

		assertThat(value).hasSize(100);
		assertThat(split(value + "\n" + value, 100, 8192)).containsExactly(value, value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1}\n{\"b\":", "[1,2", "\"unterminated", "{\"a\":\"}" })
	void aStreamThatEndsInsideAValueIsRefused(String body) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> split(body, 1024, 8192))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
			.withMessageContaining("ended inside a JSON value");
	}

	@Test
	void aClosingBracketOutsideAnyValueIsRefused() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> split("{\"a\":1}}\n", 1024, 8192))
			.withMessageContaining("'}' outside any JSON value");
	}

	@Test
	void aValueUnderWayIsReportedUntilItIsWhole() throws IOException {
		JsonValueSplitter splitter = new JsonValueSplitter(1024);

		splitter.readFrom(stream("  {\"a\":"));
		assertThat(splitter.next()).isNull();
		assertThat(splitter.inValue()).isTrue();
		splitter.readFrom(stream("1}  "));
		assertThat(splitter.next()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
		assertThat(splitter.next()).isNull();
		assertThat(splitter.inValue()).isFalse();
		assertThat(splitter.end()).isNull();
	}

	/** Splits a body read {@code readSize} bytes at a time, as a servlet container may hand it over. */
	/** Splitting the body with a limit of 100 bytes fails as too large, saying why. */
	private static void assertRefusedAsTooLarge(String body, String message) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> split(body, 100, 8192))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
			.withMessageContaining(message);
	}

	private static List<String> split(String body, int maxBytes, int readSize) throws IOException {
		JsonValueSplitter splitter = new JsonValueSplitter(maxBytes);
		InputStream in = new TrickleInputStream(body.getBytes(StandardCharsets.UTF_8), readSize);
		List<String> values = new ArrayList<>();
		while (true) {
			for (byte[] value = splitter.next(); value != null; value = splitter.next()) {
				values.add(new String(value, StandardCharsets.UTF_8));
			}
			if (splitter.readFrom(in) < 0) {
				break;
			}
		}
		byte[] last = splitter.end();
		if (last != null) {
			values.add(new String(last, StandardCharsets.UTF_8));
		}
		return values;
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

}
