package dev.rpcstarter.protocol;

/**
 * Reads and writes the messages of one type in one {@link Codec}.
 *
 * @param <T> the message type
 */
public interface MessageCodec<T> {

	/**
	 * Reads one message.
	 * @param bytes the whole encoded message
	 * @return the message
	 * @throws io.grpc.StatusRuntimeException with {@code INVALID_ARGUMENT} when the bytes are
	 * not a valid message of this type
	 */
	T decode(byte[] bytes);

	/**
	 * Writes one message.
	 * @param message the message
	 * @return its encoding
	 */
	byte[] encode(T message);

}
