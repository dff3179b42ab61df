package dev.rpcstarter.protocol;

import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import dev.rpcstarter.test.v1.Genre;
import dev.rpcstarter.test.v1.ListBooksRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Filling request fields from the text of path variables and query parameters.
 */
class UrlFieldsTests {

	private static final Descriptor LIST = ListBooksRequest.getDescriptor();

	@Test
	void fieldsAreNamedByProtobufOrJsonNamesAlongSingularMessages() {
		assertThat(UrlFields.resolve(LIST, "filter.title_prefix")).extracting((field) -> field.getName())
			.containsExactly("filter", "title_prefix");
		assertThat(UrlFields.resolve(LIST, "filter.titlePrefix")).isEqualTo(UrlFields.resolve(LIST, "filter.title_prefix"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"page | page: rpcstarter.test.v1.ListBooksRequest has no field page",
			"tags.x | tags.x: tags is not a singular message",
			"page_size.x | page_size.x: page_size is not a singular message",
			"filter | filter is a message, which a URL cannot fill; name one of its fields instead, as filter.<field>",
			"labels | labels is a map, which a URL cannot fill as a whole; a query parameter fills one of its entries, as labels[<key>]",
			"filter.published_after.seconds | filter.published_after.seconds: published_after is not a message, so it has no field seconds" })
	void pathsThatAUrlCannotFillAreRefusedSayingWhy(String fieldPath, String why) {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlFields.resolve(LIST, fieldPath)).withMessage(why);
	}

	@Test
	void textIsReadAsProto3JsonReadsAString() {
		ListBooksRequest.Builder request = ListBooksRequest.newBuilder();
		set(request, "max_price_cents", "18446744073709551615");
		set(request, "cursor", "-_8");
		set(request, "genres", "HISTORY", "1");
		set(request, "min_rating", "-Infinity");
		set(request, "max_age", "1.5s");
		set(request, "fields", "title,filter.titlePrefix");
		set(request, "signed", "true");
		set(request, "page_size", "1", "2");

		assertThat(request.getMaxPriceCents()).isEqualTo(-1L);
		assertThat(request.getCursor()).isEqualTo(ByteString.copyFrom(new byte[] { (byte) 0xfb, (byte) 0xff }));
		assertThat(request.getGenresList()).containsExactly(Genre.HISTORY, Genre.FICTION);
		assertThat(request.getMinRating()).isEqualTo(Double.NEGATIVE_INFINITY);
		assertThat(request.getMaxAge().getNanos()).isEqualTo(500_000_000);
		assertThat(request.getFields().getPathsList()).containsExactly("title", "filter.title_prefix");
		assertThat(request.getSigned().getValue()).isTrue();
		assertThat(request.getPageSize()).as("a singular field takes the last value").isEqualTo(2);
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = { "available_only | yes | available_only: \"yes\" is not a valid bool",
			"page_size | 3000000000 | page_size: \"3000000000\" is not a valid int32",
			"max_price_cents | -1 | max_price_cents: \"-1\" is not a valid uint64",
			"max_age | soon | max_age: \"soon\" is not a valid google.protobuf.Duration",
			"signed | 1 | signed: \"1\" is not a valid bool",
			"cursor | %%% | cursor: \"%%%\" is not a valid bytes" })
	void textOfAnotherTypeIsInvalidArgument(String fieldPath, String text, String why) {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> set(ListBooksRequest.newBuilder(), fieldPath, text))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription()).isEqualTo(why));
	}

	@Test
	void aQueryParameterFillsAMapEntryNamedByItsKeyInBrackets() {
		ListBooksRequest.Builder request = ListBooksRequest.newBuilder();
		setParameter(request, "labels[env]", "test", "prod");
		setParameter(request, "labels[team]", "core");
		setParameter(request, "shelfGenres[7]", "HISTORY");
		setParameter(request, "tags", "sf");

		assertThat(request.getLabelsMap()).as("an entry takes the last value").containsExactly(
				Map.entry("env", "prod"), Map.entry("team", "core"));
		assertThat(request.getShelfGenresMap()).containsExactly(Map.entry(7, Genre.HISTORY));
		assertThat(request.getTagsList()).as("a name without brackets is a field").containsExactly("sf");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "tags[x] | tags[x]: tags is not a map",
			"books_by_name[x] | books_by_name[x]: the values of books_by_name are messages, which a URL cannot fill",
			"missing[x] | missing: rpcstarter.test.v1.ListBooksRequest has no field missing" })
	void mapEntriesThatAUrlCannotFillAreRefusedSayingWhy(String name, String why) {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlFields.resolveParameter(LIST, name)).withMessage(why);
	}

	@Test
	void aMapKeyOrValueOfAnotherTypeIsInvalidArgument() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> setParameter(ListBooksRequest.newBuilder(), "shelf_genres[first]", "HISTORY"))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription())
				.isEqualTo("shelf_genres[first] key: \"first\" is not a valid int32"));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> setParameter(ListBooksRequest.newBuilder(), "shelf_genres[1]", "POETRY"))
			.satisfies((ex) -> assertThat(ex.getStatus().getDescription())
				.isEqualTo("shelf_genres[1]: \"POETRY\" is not a valid rpcstarter.test.v1.Genre value"));
	}

	private static void setParameter(ListBooksRequest.Builder request, String name, String... values) {
		UrlFields.set(request, UrlFields.resolveParameter(LIST, name), List.of(values));
	}

	private static void set(ListBooksRequest.Builder request, String fieldPath, String... values) {
		UrlFields.set(request, UrlFields.resolve(LIST, fieldPath), List.of(values));
	}

}
