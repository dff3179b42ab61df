package dev.rpcstarter.server.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How a call's compression follows the server's default, the client's accepted encodings and
 * the service's choice.
 */
class CallCompressionTests {

	@Test
	void defaultCompressesFromTheMinimumSizeForAClientThatAcceptsGzip() {
		CallCompression call = ResponseCompression.gzipFrom(100).forCall("deflate, gzip");

		assertThat(call.messageEncoding()).isEqualTo("gzip");
		assertThat(call.compresses(99)).isFalse();
		assertThat(call.compresses(100)).isTrue();
	}

	@Test
	void clientThatDoesNotAcceptGzipGetsNothingCompressedWhateverTheServiceAsks() {
		CallCompression call = ResponseCompression.gzipFrom(1).forCall("br");
		call.useCompressor("gzip");

		assertThat(call.messageEncoding()).isNull();
		assertThat(call.compresses(10_000)).isFalse();
	}

	@Test
	void whenAskedCompressesOnlyAfterTheServiceAsksAndThenEveryMessage() {
		CallCompression call = ResponseCompression.WHEN_ASKED.forCall("gzip");
		assertThat(call.messageEncoding()).isNull();
		assertThat(call.compresses(10_000)).isFalse();

		call.useCompressor("gzip");

		assertThat(call.messageEncoding()).isEqualTo("gzip");
		assertThat(call.compresses(1)).isTrue();
	}

	@Test
	void identityTurnsTheDefaultOff() {
		CallCompression call = ResponseCompression.gzipFrom(1).forCall("gzip");
		call.useCompressor("identity");

		assertThat(call.messageEncoding()).isNull();
		assertThat(call.compresses(10_000)).isFalse();
	}

	@Test
	void messageCompressionCanBeTurnedOffAndOnAgainWhileTheEncodingStays() {
		CallCompression call = ResponseCompression.gzipFrom(1).forCall("gzip");

		call.setMessageCompression(false);
		assertThat(call.compresses(10_000)).isFalse();
		assertThat(call.messageEncoding()).as("messages already declared gzip may follow").isEqualTo("gzip");

		call.setMessageCompression(true);
		assertThat(call.compresses(10_000)).isTrue();
	}

	@Test
	void unknownCompressorIsRefusedWithTheNamesThereAre() {
		CallCompression call = ResponseCompression.gzipFrom(1).forCall("gzip");

		assertThatIllegalArgumentException().isThrownBy(() -> call.useCompressor("snappy"))
			.withMessage("no compressor named \"snappy\"; the web port has gzip and identity");
	}

	@Test
	void minimumSizeBelowOneByteIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseCompression.gzipFrom(0));
	}

}
