package dev.rpcstarter.server.http;

import java.io.IOException;

import jakarta.servlet.ServletInputStream;

/**
 * How the body of a request that streams messages divides into them: enveloped messages
 * (Connect streams, gRPC, gRPC-Web) or JSON values (REST). {@link RequestStreamReader} decides
 * when to read; a framing holds what it read until a message is whole.
 */
interface RequestFraming {

	/**
	 * Reads some bytes of the body, which has bytes ready or is at its end.
	 * @param body the body
	 * @return {@code false} at the body's end
	 * @throws IOException when the body cannot be read
	 */
	boolean read(ServletInputStream body) throws IOException;

	/**
	 * Takes the next whole message out of the bytes read.
	 * @return the message as its codec reads it, or {@code null} when none is whole yet
	 * @throws IOException when a compressed message cannot be read
	 * @throws io.grpc.StatusRuntimeException when the body breaks the framing's rules
	 */
	byte[] nextMessage() throws IOException;

	/**
	 * Whether a message has begun that is not whole yet: reading goes on until it is, since
	 * the service cannot make use of part of one.
	 * @return whether a message is under way
	 */
	boolean inMessage();

	/**
	 * Ends the body.
	 * @return a last message that only the body's end makes whole, or {@code null}
	 * @throws io.grpc.StatusRuntimeException when the body ended inside a message
	 */
	byte[] end();

}
