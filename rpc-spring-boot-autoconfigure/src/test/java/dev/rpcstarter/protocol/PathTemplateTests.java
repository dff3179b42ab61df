package dev.rpcstarter.protocol;

import java.util.Map;

import dev.rpcstarter.protocol.PathTemplate.RequestPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reading path templates of google.api.http rules and matching request paths against them.
 */
class PathTemplateTests {

	@Test
	void variablesBindWhatTheirSegmentsMatch() {
		PathTemplate template = PathTemplate.parse("/v1/{parent=shelves/*}/books/{book_id}");

		assertThat(template.match(RequestPath.of("/v1/shelves/7/books/42"))).isEqualTo(Map.of("parent", "shelves/7", "book_id", "42"));
		assertThat(template.fieldPaths()).containsExactly("parent", "book_id");
		assertThat(template.literalCount()).isEqualTo(3);
		assertThat(template.shape()).isEqualTo("/v1/shelves/*/books/*");
	}

	@ParameterizedTest(name = "{0} does not match")
	@CsvSource({ "/v1/shelves/7/books", "/v1/shelves/7/books/42/more", "/v1/shelves//books/42", "/v2/shelves/7/books/42" })
	void pathsOfOtherShapesDoNotMatch(String path) {
		assertThat(PathTemplate.parse("/v1/{parent=shelves/*}/books/{book_id}").match(RequestPath.of(path))).isNull();
	}

	@Test
	void pathWithoutLeadingSlashIsNoRequestPath() {
		assertThat(RequestPath.of("v1/shelves/7/books/42")).isNull();
	}

	@Test
	void customVerbMustEndThePath() {
		PathTemplate template = PathTemplate.parse("/v1/{name=books/*}:archive");

		assertThat(template.match(RequestPath.of("/v1/books/1:archive"))).isEqualTo(Map.of("name", "books/1"));
		assertThat(template.match(RequestPath.of("/v1/books/1"))).isNull();
		assertThat(template.match(RequestPath.of("/v1/books/1:restore"))).isNull();
		assertThat(template.literalCount()).as("the verb counts").isEqualTo(3);
		assertThat(PathTemplate.parse("/v1/books/{id}").match(RequestPath.of("/v1/books/1:archive")))
			.as("without a verb in the template a colon is part of the segment").isEqualTo(Map.of("id", "1:archive"));
	}

	@Test
	void doubleWildcardTakesTheRestOfThePathBeforeAVerb() {
		PathTemplate files = PathTemplate.parse("/v1/files/{path=**}");
		PathTemplate withVerb = PathTemplate.parse("/v1/{path=**}:get");

		assertThat(files.match(RequestPath.of("/v1/files/a/b/c.txt"))).isEqualTo(Map.of("path", "a/b/c.txt"));
		assertThat(files.match(RequestPath.of("/v1/files"))).isEqualTo(Map.of("path", ""));
		assertThat(withVerb.match(RequestPath.of("/v1/a/b:get"))).isEqualTo(Map.of("path", "a/b"));
	}

	@Test
	void oneSegmentValuesAreDecodedWholeAndLongerOnesKeepEncodedSlashes() {
		assertThat(PathTemplate.parse("/v1/{id}").match(RequestPath.of("/v1/caf%C3%A9%2Fau%20lait"))).isEqualTo(Map.of("id", "café/au lait"));
		assertThat(PathTemplate.parse("/v1/{path=**}").match(RequestPath.of("/v1/a%2Fb/c%20d")))
			.isEqualTo(Map.of("path", "a%2Fb/c d"));
		assertThat(PathTemplate.parse("/v1/café/{id}").match(RequestPath.of("/v1/caf%C3%A9/1"))).as("literals match decoded")
			.isEqualTo(Map.of("id", "1"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "/v1/%zz", "/v1/%4", "/v1/%" })
	void malformedEscapesDoNotMatch(String path) {
		assertThat(PathTemplate.parse("/v1/{id}").match(RequestPath.of(path))).isNull();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', value = { "v1/things | it must start with /", "/v1/{name | its braces do not pair up",
			"/v1/name} | its braces do not pair up", "/v1/**/tail | ** may only be its last segment",
			"/v1/{a}/{a} | it binds a field twice", "/v1/{1a} | \"1a\" is not a field path",
			"/v1/things: | its custom verb must be a literal", "/v1/a*b | \"a*b\" is not a segment (a literal, * or **)",
			"/v1//things | \"\" is not a segment (a literal, * or **)", "/v1/x{id} | \"x{id}\" is not a segment (a literal, * or **)" })
	void invalidTemplatesAreRefusedSayingWhy(String template, String why) {
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse(template))
			.withMessage("invalid path template \"" + template + "\": " + why);
	}

}
