package dev.rpcstarter.bench.runner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
		ByteBuffer in = ByteBuffer.wrap(body);
		List<Order> orders = new ArrayList<>();
		while (in.remaining() >= Wire.ENVELOPE_PREFIX_BYTES) {
			int flags = in.get() & 0xff;
			byte[] payload = new byte[in.getInt()];
			if (payload.length > in.remaining()) {
				throw new IllegalStateException("the stream ends inside an envelope");
			}
			in.get(payload);
			if ((flags & END_OF_STREAM_FLAG) != 0) {
				if (in.hasRemaining()) {
					throw new IllegalStateException(in.remaining() + " bytes after the end-of-stream envelope");
				}
				return new ConnectStreamBody(orders, new String(payload, StandardCharsets.UTF_8));
			}
			orders.add(Order.parseFrom(payload));
		}
		throw new IllegalStateException("no end-of-stream envelope in " + body.length + " bytes");
	}

	/**
	 * @return whether the end-of-stream envelope reports an error
	 */
	boolean failed() {
		return this.endOfStream.contains("\"error\"");
	}

}
