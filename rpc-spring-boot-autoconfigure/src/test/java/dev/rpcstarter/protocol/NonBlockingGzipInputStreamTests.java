package dev.rpcstarter.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Decompressing gzip as its bytes arrive, however they are cut, without reading the compressed
 * stream while what was read still gives more.
 */
class NonBlockingGzipInputStreamTests {

	private static final String TEXT = "{\"title\":\"Dune\",\"pages\":412}\n".repeat(200);

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 100, 8192 })
	void decompressesWhatGzipOutputStreamWroteHoweverItArrives(int readSize) throws IOException {
		assertThat(readAll(jdkGzip(TEXT), readSize, 1000)).isEqualTo(TEXT);
	}

	@Test
	void skipsTheHeadersOptionalFieldsAndChecksItsCrc16() throws IOException {
		byte[] member = member(TEXT);

		assertThat(readAll(member, 1, 1000)).isEqualTo(TEXT);
		member[10 + 2 + 3 + 5 + 8] ^= 1;
		assertNotGzip(member, "its header's CRC16 does not match");
	}

	@Test
	void membersMayFollowEachOther() throws IOException {
		byte[] first = jdkGzip("{\"a\":1}\n");
		byte[] second = member("{\"b\":2}\n");
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);

		assertThat(readAll(both, 5, 1000)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
	}

	@Test
	void whatIsNotGzipOrDoesNotMatchItsTrailerIsRefused() {
		byte[] crc = jdkGzip(TEXT);
		crc[crc.length - 8] ^= 1;
		byte[] size = jdkGzip(TEXT);
		size[size.length - 4] ^= 1;
		byte[] blockType = Arrays.copyOf(GzipFormat.HEADER, 11);
		blockType[10] = 0x07;
		byte[] following = Arrays.copyOf(jdkGzip(TEXT), jdkGzip(TEXT).length + 1);

		assertNotGzip("{\"title\":\"Dune\"}".getBytes(StandardCharsets.UTF_8), "it does not start as gzip does");
		assertNotGzip(crc, "its CRC32 does not match its data");
		assertNotGzip(size, "its size does not match its data");
		assertNotGzip(blockType, "invalid block type");
		assertNotGzip(following, "bytes follow its gzip data");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 9, 10, 11, 30, -1, -8 })
	void aStreamThatEndsInsideAMemberOrBeforeAnyIsRefused(int cut) {
		byte[] gzip = jdkGzip(TEXT);
		byte[] truncated = Arrays.copyOf(gzip, (cut >= 0) ? cut : gzip.length + cut);

		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> readAll(truncated, 7, 1000))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
			.withMessageEndingWith("the body ended inside its gzip data");
	}

	@Test
	void bytesHeldAreDecompressedBeforeTheStreamIsReadAgain() throws IOException {
		byte[] whitespace = jdkGzip(" ".repeat(1_000_000));
		assertThat(whitespace).hasSizeLessThan(8192);
		TrickleInputStream compressed = new TrickleInputStream(whitespace, 8192);
		NonBlockingGzipInputStream gzip = new NonBlockingGzipInputStream(compressed);
		byte[] buffer = new byte[4096];

		long total = gzip.read(buffer, 0, buffer.length);
		while (gzip.holdsInput()) {
			total += gzip.read(buffer, 0, buffer.length);
		}

		assertThat(total).isEqualTo(1_000_000);
		assertThat(compressed.reads()).as("one read of the compressed stream gave it all").isEqualTo(1);
		assertThat(gzip.read(buffer, 0, buffer.length)).isEqualTo(-1);
		gzip.end();
	}

	@Test
	void closingFreesTheInflaterAndFailsLaterReads() throws IOException {
		NonBlockingGzipInputStream gzip = new NonBlockingGzipInputStream(new TrickleInputStream(jdkGzip(TEXT), 100));
		gzip.read(new byte[10], 0, 10);

		gzip.close();

		assertThat(gzip.holdsInput()).isFalse();
		assertThatIOException().isThrownBy(() -> gzip.read(new byte[10], 0, 10));
	}

	private static void assertNotGzip(byte[] body, String reason) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> readAll(body, 3, 1000))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
			.withMessageContaining("request body is not valid gzip: " + reason);
	}

	/**
	 * Reads a gzip body that arrives {@code readSize} bytes at a time into a buffer of
	 * {@code bufferSize}, as a non-blocking reader does: what is held first, then the stream.
	 */
	private static String readAll(byte[] body, int readSize, int bufferSize) throws IOException {
		NonBlockingGzipInputStream gzip = new NonBlockingGzipInputStream(new TrickleInputStream(body, readSize));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[bufferSize];
		for (int read = gzip.read(buffer, 0, bufferSize); read >= 0; read = gzip.read(buffer, 0, bufferSize)) {
			out.write(buffer, 0, read);
		}
		gzip.end();
		return out.toString(StandardCharsets.UTF_8);
	}

	private static byte[] jdkGzip(String text) {
		return Compression.gzip(text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A member written here rather than by the JDK, which writes no optional field: with every
	 * one, an extra field of 3 bytes, a name, a comment and the header's CRC16.
	 */
	private static byte[] member(String text) {
		byte[] data = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] header = GzipFormat.HEADER.clone();
		header[3] = 0x02 | 0x04 | 0x08 | 0x10;
		out.writeBytes(header);
		out.writeBytes(new byte[] { 3, 0, 'a', 'b', 'c' });
		out.writeBytes("name\0".getBytes(StandardCharsets.US_ASCII));
		out.writeBytes("comment\0".getBytes(StandardCharsets.US_ASCII));
		CRC32 headerCrc = new CRC32();
		headerCrc.update(out.toByteArray());
		out.write((int) headerCrc.getValue());
		out.write((int) (headerCrc.getValue() >>> 8));
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
		deflater.setInput(data);
		deflater.finish();
		byte[] buffer = new byte[1024];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		CRC32 crc = new CRC32();
		crc.update(data);
		for (long value : new long[] { crc.getValue(), data.length }) {
			for (int i = 0; i < 4; i++) {
				out.write((int) (value >>> (8 * i)));
			}
		}
		return out.toByteArray();
	}

}
