package dev.rpcstarter.server.http;

import java.io.IOException;

import dev.rpcstarter.protocol.JsonValueSplitter;
import dev.rpcstarter.protocol.NonBlockingGzipInputStream;
import jakarta.servlet.ServletInputStream;

/**
 * A request body of JSON values, one message each, separated by whitespace: what a REST route
 * of a client-streaming or bidirectional method reads, newline-delimited JSON included. A
 * gzipped body is decompressed as it arrives; the size limit applies to each decompressed value,
 * and whitespace between values is dropped as it is scanned, so no body holds more than one
 * value and one read's worth of bytes, however well it compresses.
 */
final class JsonValuesRequestFraming implements RequestFraming {

	private final JsonValueSplitter values;

	/** Decompresses the body, or {@code null} for a body sent as it is. */
	private final NonBlockingGzipInputStream gzip;

	/**
	 * @param maxBytes the largest message accepted, after decompression
	 * @param gzip decompresses the body that {@link #read} is given, or {@code null} when it is
	 * not compressed
	 */
	JsonValuesRequestFraming(int maxBytes, NonBlockingGzipInputStream gzip) {
		this.values = new JsonValueSplitter(maxBytes);
		this.gzip = gzip;
	}

	@Override
	public boolean read(ServletInputStream body) throws IOException {
		return this.values.readFrom((this.gzip != null) ? this.gzip : body) >= 0;
	}

	/**
	 * Takes the next value out of the bytes read, decompressing the compressed bytes held
	 * until one is whole or none are left: the reader reads the body again only when this
	 * answers {@code null}, and then waits for bytes to arrive, which the client may have
	 * sent already.
	 */
	@Override
	public byte[] nextMessage() throws IOException {
		byte[] value = this.values.next();
		while (value == null && this.gzip != null && this.gzip.holdsInput()
				&& this.values.readFrom(this.gzip) > 0) {
			value = this.values.next();
		}
		return value;
	}

	@Override
	public boolean inMessage() {
		return this.values.inValue();
	}

	@Override
	public byte[] end() {
		if (this.gzip != null) {
			this.gzip.end();
		}
		return this.values.end();
	}

}
