package dev.rpcstarter.server.http;

import java.io.IOException;

import dev.rpcstarter.protocol.JsonValueSplitter;
import jakarta.servlet.ServletInputStream;

/**
 * A request body of JSON values, one message each, separated by whitespace: what a REST route
 * of a client-streaming or bidirectional method reads, newline-delimited JSON included.
 */
final class JsonValuesRequestFraming implements RequestFraming {

	private final JsonValueSplitter values;

	/**
	 * @param maxBytes the largest message accepted
	 */
	JsonValuesRequestFraming(int maxBytes) {
		this.values = new JsonValueSplitter(maxBytes);
	}

	@Override
	public boolean read(ServletInputStream body) throws IOException {
		return this.values.readFrom(body) >= 0;
	}

	@Override
	public byte[] nextMessage() {
		return this.values.next();
	}

	@Override
	public boolean inMessage() {
		return this.values.inValue();
	}

	@Override
	public byte[] end() {
		return this.values.end();
	}

}
