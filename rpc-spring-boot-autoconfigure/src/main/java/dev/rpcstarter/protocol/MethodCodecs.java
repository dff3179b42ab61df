package dev.rpcstarter.protocol;

import java.util.EnumMap;
import java.util.Map;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.MethodDescriptor;

/**
 * The request and response codecs of one method, one pair per {@link Codec}, built once when
 * the method is registered so that no call pays for reflection or lookups.
 *
 * @param <ReqT> the request type
 * @param <RespT> the response type
 */
public final class MethodCodecs<ReqT, RespT> {

	private final Map<Codec, MessageCodec<ReqT>> requests = new EnumMap<>(Codec.class);

	private final Map<Codec, MessageCodec<RespT>> responses = new EnumMap<>(Codec.class);

	private MethodCodecs() {
	}

	/**
	 * Codecs for a method. JSON is offered only where the marshallers expose a full protobuf
	 * {@link Message} prototype, which the JSON mapping needs for its field names.
	 * @param method the method
	 * @param types the message types that {@code google.protobuf.Any} fields may hold in JSON
	 * @param <ReqT> the request type
	 * @param <RespT> the response type
	 * @return the method's codecs
	 */
	public static <ReqT, RespT> MethodCodecs<ReqT, RespT> of(MethodDescriptor<ReqT, RespT> method,
			JsonFormat.TypeRegistry types) {
		MethodCodecs<ReqT, RespT> codecs = new MethodCodecs<>();
		codecs.requests.put(Codec.PROTO, new ProtoMessageCodec<>(method.getRequestMarshaller()));
		codecs.responses.put(Codec.PROTO, new ProtoMessageCodec<>(method.getResponseMarshaller()));
		Message requestPrototype = prototype(method.getRequestMarshaller());
		Message responsePrototype = prototype(method.getResponseMarshaller());
		if (requestPrototype != null && responsePrototype != null) {
			codecs.requests.put(Codec.JSON, new JsonMessageCodec<>(requestPrototype, types));
			codecs.responses.put(Codec.JSON, new JsonMessageCodec<>(responsePrototype, types));
		}
		return codecs;
	}

	private static Message prototype(MethodDescriptor.Marshaller<?> marshaller) {
		if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes
				&& prototypes.getMessagePrototype() instanceof Message message) {
			return message;
		}
		return null;
	}

	/**
	 * Whether this method can be called with a codec.
	 * @param codec the codec
	 * @return whether requests and responses can be written in it
	 */
	public boolean supports(Codec codec) {
		return this.requests.containsKey(codec);
	}

	/**
	 * The request codec.
	 * @param codec a supported codec
	 * @return the codec for requests
	 */
	public MessageCodec<ReqT> request(Codec codec) {
		return this.requests.get(codec);
	}

	/**
	 * The response codec.
	 * @param codec a supported codec
	 * @return the codec for responses
	 */
	public MessageCodec<RespT> response(Codec codec) {
		return this.responses.get(codec);
	}

}
