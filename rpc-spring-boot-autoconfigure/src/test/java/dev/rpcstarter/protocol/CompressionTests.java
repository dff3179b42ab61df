package dev.rpcstarter.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading which encodings a client accepts.
 */
class CompressionTests {

	@ParameterizedTest(name = "\"{0}\" accepts gzip: {1}")
	@CsvSource(delimiter = '|', nullValues = "null", value = {
			"gzip | true",
			"GZIP | true",
			"deflate, gzip | true",
			"gzip;q=0.5 | true",
			"gzip ; q=1 | true",
			"identity, gzip;level=1;q=0.001 | true",
			"gzip;q=0 | false",
			"gzip; q=0.000 | false",
			"deflate, br | false",
			"xgzip | false",
			"'' | false",
			"null | false" })
	void readsWhetherGzipIsAccepted(String acceptEncoding, boolean accepted) {
		assertThat(Compression.acceptsGzip(acceptEncoding)).isEqualTo(accepted);
	}

}
