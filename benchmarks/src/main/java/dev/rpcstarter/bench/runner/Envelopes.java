package dev.rpcstarter.bench.runner;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rpcstarter.bench.v1.Order;

/**
 * A response body of 5-byte-prefixed envelopes, as Connect streams and gRPC-Web send them: orders,
 * then one last envelope, told apart by a flag, that ends the call.
 *
 * @param orders the orders, in order
 * @param last the payload of the last envelope
 */
record Envelopes(List<Order> orders, byte[] last) {

	/**
	 * Splits a body into its envelopes.
	 * @param body the response body
	 * @param lastFlag the flag of the last envelope
	 * @param lastName what the last envelope is called, for errors
	 * @return the orders and the last envelope's payload
	 * @throws IllegalStateException when the body is cut short, has no last envelope or has bytes
	 * after it
	 */
	static Envelopes split(byte[] body, int lastFlag, String lastName) throws InvalidProtocolBufferException {
		ByteBuffer in = ByteBuffer.wrap(body);
		List<Order> orders = new ArrayList<>();
		while (in.remaining() >= Wire.ENVELOPE_PREFIX_BYTES) {
			int flags = in.get() & 0xff;
			byte[] payload = new byte[in.getInt()];
			if (payload.length > in.remaining()) {
				throw new IllegalStateException("the body ends inside an envelope");
			}
			in.get(payload);
			if ((flags & lastFlag) != 0) {
				if (in.hasRemaining()) {
					throw new IllegalStateException(in.remaining() + " bytes after the " + lastName);
				}
				return new Envelopes(orders, payload);
			}
			orders.add(Order.parseFrom(payload));
		}
		throw new IllegalStateException("no " + lastName + " in " + body.length + " bytes");
	}

}
