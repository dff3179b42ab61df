package dev.rpcstarter.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.google.protobuf.MessageLite;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.Status;

/**
 * Binary protobuf through the method's own marshaller, so that the HTTP side reads and writes
 * exactly the bytes that the gRPC server would.
 */
final class ProtoMessageCodec<T> implements MessageCodec<T> {

	private final Marshaller<T> marshaller;

	ProtoMessageCodec(Marshaller<T> marshaller) {
		this.marshaller = marshaller;
	}

	@Override
	public T decode(byte[] bytes) {
		try {
			return this.marshaller.parse(new KnownLengthBytes(bytes));
		}
		catch (RuntimeException ex) {
			// The marshaller reports bad bytes as INTERNAL (a server-side view); for the caller
			// it is a malformed request.
			throw Status.INVALID_ARGUMENT.withDescription("request is not a valid protobuf message")
				.withCause(ex)
				.asRuntimeException();
		}
	}

	@Override
	public byte[] encode(T message) {
		if (message instanceof MessageLite lite) {
			return lite.toByteArray();
		}
		try (InputStream in = this.marshaller.stream(message)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A message's bytes as a stream that says its length: grpc-java's protobuf marshaller then
	 * parses them as an array, instead of through a stream decoder with a 4 KiB buffer of its
	 * own for every message.
	 */
	private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {

		KnownLengthBytes(byte[] bytes) {
			super(bytes);
		}

	}

}
