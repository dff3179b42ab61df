package dev.rpcstarter.client.connect;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * What a {@link WireProtocol} finds in a response, in order: headers at most once, messages,
 * then the outcome.
 */
interface ResponseListener {

	void headers(Metadata headers);

	/**
	 * Hands over one message, waiting until the caller has asked for it.
	 * @param message the message bytes, decompressed
	 * @return whether to read on; {@code false} once the call has ended
	 */
	boolean message(byte[] message);

	void close(Status status, Metadata trailers);

}
