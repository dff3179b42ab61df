package dev.rpcstarter.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing one gzip stream whose every write can be decompressed as soon as it is written.
 */
class SyncFlushGzipOutputStreamTests {

	private static final String LINE = "{\"result\":{\"name\":\"shelves/1/books/1\",\"title\":\"Dune\"}}\n";

	@Test
	void everyWriteDecompressesAsSoonAsItIsWrittenAndTheWholeIsGzip() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(out);
		Inflater inflater = new Inflater(true);
		int sent = GzipFormat.FIXED_HEADER_LENGTH;
		try {
			for (int i = 1; i <= 3; i++) {
				String line = LINE.replace('1', (char) ('0' + i));
				gzip.write(line.getBytes(StandardCharsets.UTF_8));

				byte[] written = out.toByteArray();
				assertThat(inflate(inflater, Arrays.copyOfRange(written, sent, written.length))).isEqualTo(line);
				sent = written.length;
			}
		}
		finally {
			inflater.end();
		}
		gzip.finish();

		assertThat(gunzip(out.toByteArray())).isEqualTo(LINE + LINE.replace('1', '2') + LINE.replace('1', '3'));
	}

	@Test
	void whatRepeatsFromWriteToWriteCompresses() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(out);
		byte[] line = LINE.getBytes(StandardCharsets.UTF_8);

		gzip.write(line);
		int first = out.size();
		gzip.write(line);
		int second = out.size() - first;
		gzip.close();

		assertThat(second).as("the dictionary holds the first line").isLessThan(line.length / 4);
	}

	@Test
	void aStreamWithoutWritesIsAnEmptyGzipStream() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		new SyncFlushGzipOutputStream(out).finish();

		assertThat(gunzip(out.toByteArray())).isEmpty();
	}

	@Test
	void aWriteLargerThanTheBufferComesOutWhole() throws IOException {
		StringBuilder text = new StringBuilder();
		for (int i = 0; text.length() < 200_000; i++) {
			text.append(Integer.toHexString(i * 0x9e3779b1)).append(',');
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(out);

		gzip.write(text.toString().getBytes(StandardCharsets.UTF_8));
		gzip.finish();

		assertThat(gunzip(out.toByteArray())).isEqualTo(text.toString());
	}

	private static String inflate(Inflater inflater, byte[] compressed) throws DataFormatException {
		inflater.setInput(compressed);
		byte[] buffer = new byte[4096];
		int n = inflater.inflate(buffer);
		assertThat(inflater.needsInput()).as("every byte written is used").isTrue();
		return new String(buffer, 0, n, StandardCharsets.UTF_8);
	}

	private static String gunzip(byte[] gzip) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
