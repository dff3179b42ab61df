package dev.rpcstarter.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.GrpcTimeout;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * gRPC on the web port, and gRPC-Web as a variant of it: the same frames, headers and
 * timeouts; gRPC-Web differs only in sending the trailers as a last frame (and, in its text
 * form, in base64 bodies). Native gRPC needs HTTP/2 for its trailers, so it is served when
 * the web server speaks HTTP/2 (h2c or TLS).
 */
final class GrpcProtocol implements HttpProtocol {

	private static final String GRPC = "application/grpc";

	private static final String GRPC_WEB = "application/grpc-web";

	private static final String GRPC_WEB_TEXT = "application/grpc-web-text";

	private final ProtocolSupport support;

	GrpcProtocol(ProtocolSupport support) {
		this.support = support;
	}

	@Override
	public boolean handles(String mediaType) {
		return mediaType.equals(GRPC) || mediaType.startsWith(GRPC + "+") || mediaType.startsWith(GRPC + "-web");
	}

	@Override
	public <ReqT, RespT> void serve(RpcMethod<ReqT, RespT> method, String mediaType, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Codec codec = codecOf(mediaType);
		if (!"POST".equals(request.getMethod())) {
			HttpRequests.rejectMethod(request, response, "POST");
			return;
		}
		if (codec == null || !method.codecs().supports(codec)) {
			HttpRequests.rejectContentType(method, request, response);
			return;
		}
		boolean text = mediaType.startsWith(GRPC_WEB_TEXT);
		StreamFraming framing = mediaType.startsWith(GRPC_WEB) ? new GrpcWebFraming(mediaType, text)
				: new GrpcFraming(mediaType);
		// A stream outlives the request thread; a unary call, whose body has mostly arrived
		// whole by now, mostly does not, and goes into async mode only when it does.
		boolean unary = method.definition().getMethodDescriptor().getType() == MethodType.UNARY;
		AsyncExchange exchange = unary ? AsyncExchange.startOnDemand(request, response) : AsyncExchange.start(request);
		StreamingResponse<RespT> stream = new StreamingResponse<>(exchange, method.codecs().response(codec), framing,
				this.support.responseCompression().forCall(request.getHeader("grpc-accept-encoding")),
				this.support.heldFlushes(), unary);
		String encoding = request.getHeader("grpc-encoding");
		HttpServerCall<ReqT, RespT> call;
		ServletInputStream body;
		try {
			HttpRequests.checkEncoding(encoding);
			long timeoutNanos = GrpcTimeout.parseNanos(request.getHeader("grpc-timeout"));
			body = text ? decodeText(request.getInputStream()) : request.getInputStream();
			call = this.support.calls()
				.start(method, method.codecs().request(codec), timeoutNanos, request, exchange, stream);
		}
		catch (StatusRuntimeException ex) {
			stream.close(ex.getStatus(), new Metadata());
			return;
		}
		RequestStreamReader.readInto(call, body, new EnvelopeRequestFraming(encoding, this.support.maxMessageSize()),
				exchange);
	}

	/** {@code +proto} or none means binary protobuf; {@code +json} means JSON. */
	private static Codec codecOf(String mediaType) {
		int plus = mediaType.indexOf('+');
		return (plus < 0) ? Codec.PROTO : HttpRequests.codecOf(mediaType.substring(plus + 1));
	}

	/**
	 * Decodes a gRPC-Web text body. Clients may send several base64 chunks, each with its own
	 * padding, so every four-character quantum is decoded on its own. Browsers send a single
	 * request message, which bounds the body.
	 */
	private ServletInputStream decodeText(InputStream body) throws IOException {
		int maxEncoded = (this.support.maxMessageSize() / 3 + 2) * 4 + 8;
		byte[] encoded = body.readNBytes(maxEncoded + 1);
		if (encoded.length > maxEncoded) {
			throw Compression.tooLarge(this.support.maxMessageSize());
		}
		String text = new String(encoded, StandardCharsets.US_ASCII).replaceAll("\\s", "");
		if (text.length() % 4 != 0) {
			throw invalidBase64();
		}
		byte[] decoded = new byte[text.length() / 4 * 3];
		int length = 0;
		try {
			for (int i = 0; i < text.length(); i += 4) {
				byte[] quantum = Base64.getDecoder().decode(text.substring(i, i + 4));
				System.arraycopy(quantum, 0, decoded, length, quantum.length);
				length += quantum.length;
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalidBase64();
		}
		return new InMemoryBody(decoded, length);
	}

	private static StatusRuntimeException invalidBase64() {
		return Status.INVALID_ARGUMENT.withDescription("grpc-web-text body is not valid base64").asRuntimeException();
	}

}
