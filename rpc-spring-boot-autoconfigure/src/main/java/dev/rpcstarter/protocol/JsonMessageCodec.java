package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;

/**
 * The canonical proto3 JSON mapping, as protobuf-java-util implements it.
 *
 * <p>Unknown fields are ignored when reading, as binary protobuf ignores them: a client built
 * against a newer schema can still call an older server.
 */
final class JsonMessageCodec<T> implements MessageCodec<T> {

	private final Message prototype;

	private final JsonFormat.Parser parser;

	private final JsonFormat.Printer printer;

	JsonMessageCodec(Message prototype, JsonFormat.TypeRegistry types) {
		this.prototype = prototype;
		this.parser = JsonFormat.parser().usingTypeRegistry(types).ignoringUnknownFields();
		this.printer = JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace();
	}

	@Override
	@SuppressWarnings("unchecked")
	public T decode(byte[] bytes) {
		Message.Builder builder = this.prototype.newBuilderForType();
		try {
			this.parser.merge(new String(bytes, StandardCharsets.UTF_8), builder);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			// JsonFormat throws unchecked exceptions for some malformed input (bad numbers, deep
			// nesting); all of them mean the same to the caller.
			throw Status.INVALID_ARGUMENT
				.withDescription("request is not valid JSON for " + this.prototype.getDescriptorForType().getFullName()
						+ ": " + ex.getMessage())
				.asRuntimeException();
		}
		return (T) builder.build();
	}

	@Override
	public byte[] encode(T message) {
		try {
			return this.printer.print((Message) message).getBytes(StandardCharsets.UTF_8);
		}
		catch (InvalidProtocolBufferException ex) {
			// Only an Any whose type is missing from the registry fails to print.
			throw Status.INTERNAL.withDescription("response cannot be written as JSON: " + ex.getMessage())
				.asRuntimeException();
		}
	}

}
