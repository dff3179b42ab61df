package dev.rpcstarter.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;

/**
 * The canonical proto3 JSON mapping.
 *
 * <p>Most types are read and written by {@link JsonMessageParser} and {@link MessageJsonPrinter},
 * which produce what protobuf-java-util's JsonFormat produces at a fraction of its cost; types
 * they do not support (groups, extensions, closed enums, a well-known type at the top) use
 * JsonFormat itself. The choice is made once, here.
 *
 * <p>Unknown fields are ignored when reading, as binary protobuf ignores them: a client built
 * against a newer schema can still call an older server.
 */
final class JsonMessageCodec<T> implements MessageCodec<T> {

	/** Doubles parsed by Jackson's own parser: correctly rounded, as {@code Double.parseDouble}, and faster. */
	private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

	private final Message prototype;

	private final JsonFormat.Parser parser;

	private final JsonFormat.Printer printer;

	/** The fast codec's view of the type, or {@code null} when JsonFormat does all the work. */
	private final JsonFieldTable fields;

	private final JsonMessageParser fastParser;

	private final MessageJsonPrinter fastPrinter;

	JsonMessageCodec(Message prototype, JsonFormat.TypeRegistry types) {
		this.prototype = prototype;
		this.parser = JsonFormat.parser().usingTypeRegistry(types).ignoringUnknownFields();
		this.printer = JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace();
		this.fields = JsonFieldTable.of(prototype);
		this.fastParser = new JsonMessageParser(JSON, this.parser);
		this.fastPrinter = new MessageJsonPrinter(this.printer);
	}

	@Override
	@SuppressWarnings("unchecked")
	public T decode(byte[] bytes) {
		try {
			if (this.fields != null) {
				return (T) this.fastParser.parse(this.fields, bytes);
			}
			Message.Builder builder = this.prototype.newBuilderForType();
			this.parser.merge(new String(bytes, StandardCharsets.UTF_8), builder);
			return (T) builder.build();
		}
		catch (IOException | RuntimeException ex) {
			// Both parsers throw unchecked exceptions for some malformed input (bad numbers, deep
			// nesting, a missing required field); all of them mean the same to the caller.
			throw Status.INVALID_ARGUMENT
				.withDescription("request is not valid JSON for " + this.prototype.getDescriptorForType().getFullName()
						+ ": " + ex.getMessage())
				.asRuntimeException();
		}
	}

	@Override
	public byte[] encode(T message) {
		try {
			if (this.fields != null) {
				return this.fastPrinter.print(this.fields, (Message) message);
			}
			return this.printer.print((Message) message).getBytes(StandardCharsets.UTF_8);
		}
		catch (InvalidProtocolBufferException ex) {
			// Only an Any whose type is missing from the registry fails to print.
			throw Status.INTERNAL.withDescription("response cannot be written as JSON: " + ex.getMessage())
				.asRuntimeException();
		}
	}

}
