package dev.rpcstarter.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing one gzip stream whose every write can be decompressed as soon as it is written,
 * deflated or stored as it is.
 */
class SyncFlushGzipOutputStreamTests {

	private static final String LINE = "{\"result\":{\"name\":\"shelves/1/books/1\",\"title\":\"Dune\"}}\n";

	@Test
	void everyWriteDecompressesAsSoonAsItIsWrittenAndTheWholeIsGzip() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		AtomicInteger writes = new AtomicInteger();
		// Deflated and stored by turns.
		SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(out,
				(length) -> writes.getAndIncrement() % 2 == 0);
		Inflater inflater = new Inflater(true);
		int sent = GzipFormat.FIXED_HEADER_LENGTH;
		try {
			for (int i = 1; i <= 4; i++) {
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

		assertThat(gunzip(out.toByteArray())).isEqualTo(
				LINE + LINE.replace('1', '2') + LINE.replace('1', '3') + LINE.replace('1', '4'));
	}

	@Test
	void smallWritesAreStoredAndLargeOnesDeflated() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(out, (length) -> length >= 1024);
		byte[] small = LINE.getBytes(StandardCharsets.UTF_8);
		byte[] large = LINE.repeat(100).getBytes(StandardCharsets.UTF_8);

		gzip.write(small);
		int afterSmall = out.size();
		gzip.write(large);
		int largeSize = out.size() - afterSmall;
		gzip.finish();

		assertThat(afterSmall).as("header, a stored block's 5 bytes, the line")
			.isEqualTo(GzipFormat.FIXED_HEADER_LENGTH + 5 + small.length);
		assertThat(largeSize).isLessThan(large.length / 10);
		assertThat(gunzip(out.toByteArray())).isEqualTo(LINE + LINE.repeat(100));
	}

	@Test
	void aStoredWriteLargerThanAStoredBlockTakesSeveral() throws IOException {
		String text = "x".repeat(200_000);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(out, (length) -> false);

		gzip.write(text.getBytes(StandardCharsets.UTF_8));
		gzip.finish();

		assertThat(gunzip(out.toByteArray())).isEqualTo(text);
	}

	@Test
	void aStreamWithoutWritesIsAnEmptyGzipStream() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		new SyncFlushGzipOutputStream(out, (length) -> true).finish();

		assertThat(gunzip(out.toByteArray())).isEmpty();
	}

	@Test
	void aDeflatedWriteLargerThanTheBufferComesOutWhole() throws IOException {
		StringBuilder text = new StringBuilder();
		for (int i = 0; text.length() < 200_000; i++) {
			text.append(Integer.toHexString(i * 0x9e3779b1)).append(',');
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		SyncFlushGzipOutputStream gzip = new SyncFlushGzipOutputStream(out, (length) -> true);

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
