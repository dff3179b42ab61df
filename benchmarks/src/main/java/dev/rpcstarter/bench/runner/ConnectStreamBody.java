package dev.rpcstarter.bench.runner;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rpcstarter.bench.v1.Order;

/**
 * A Connect streaming response body read back: its messages and the end-of-stream envelope,
 * whose JSON holds an {@code error} when the call failed. The load generators see only the
 * HTTP status, which is 200 even for a failed stream, so a stream target is checked with this.
 *
 * @param orders the messages, in order
 * @param endOfStream the JSON of the end-of-stream envelope
 */
record ConnectStreamBody(List<Order> orders, String endOfStream) {

	private static final int END_OF_STREAM_FLAG = 0x02;

	/**
	 * Splits a body into its envelopes.
	 * @param body the response body
	 * @return the messages and the end-of-stream JSON
	 * @throws IllegalStateException when the body is not a complete Connect stream
	 */
	static ConnectStreamBody parse(byte[] body) throws InvalidProtocolBufferException {
		Envelopes envelopes = Envelopes.split(body, END_OF_STREAM_FLAG, "end-of-stream envelope");
		return new ConnectStreamBody(envelopes.orders(), new String(envelopes.last(), StandardCharsets.UTF_8));
	}

	/**
	 * @return whether the end-of-stream envelope reports an error
	 */
	boolean failed() {
		return this.endOfStream.contains("\"error\"");
	}

}
