package dev.rpcstarter.server.http;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Where a call's response goes: the protocol-specific half of an {@link HttpServerCall}.
 *
 * <p>{@link HttpServerCall} guarantees that {@link #close} is called exactly once and that
 * nothing is sent after it.
 *
 * @param <RespT> the response message type
 */
interface CallResponse<RespT> {

	/**
	 * Called once when the call starts, before anything is sent, so that the response can
	 * report a client that went away ({@link HttpServerCall#cancel}) or room to send again
	 * ({@link HttpServerCall#notifyReady}).
	 * @param call the call this response belongs to
	 */
	default void attach(HttpServerCall<?, RespT> call) {
	}

	/**
	 * The compression of this response's messages, which the service may change for its call.
	 * @return the call's compression
	 */
	CallCompression compression();

	/**
	 * Takes the response headers; called at most once, before any message.
	 * @param headers the headers the service sent
	 */
	void sendHeaders(Metadata headers);

	/**
	 * Takes one response message.
	 * @param message the message
	 */
	void sendMessage(RespT message);

	/**
	 * Ends the response with a status and trailers, or with an error.
	 * @param status the call's outcome
	 * @param trailers the trailers the service sent
	 */
	void close(Status status, Metadata trailers);

	/**
	 * Called on its thread each time a listener callback of the call returns, so that a
	 * response that holds back flushes while a callback sends (see
	 * {@link HttpServerCall#inCallback}) sends what it holds.
	 */
	default void callbackReturned() {
	}

	/**
	 * Whether more messages can be sent without buffering them.
	 * @return whether the transport is ready
	 */
	boolean isReady();

}
