package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.ConnectTimeout;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Connect protocol's streaming calls (client, server and bidirectional):
 * {@code application/connect+proto} or {@code application/connect+json}, enveloped messages
 * both ways, and the outcome in an end-of-stream message rather than in the HTTP status.
 */
final class ConnectStreamProtocol implements HttpProtocol {

	private static final String MEDIA_TYPE_PREFIX = "application/connect+";

	private final ProtocolSupport support;

	ConnectStreamProtocol(ProtocolSupport support) {
		this.support = support;
	}

	@Override
	public boolean handles(String mediaType) {
		return mediaType.startsWith(MEDIA_TYPE_PREFIX);
	}

	@Override
	public <ReqT, RespT> void serve(RpcMethod<ReqT, RespT> method, String mediaType, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		Codec codec = HttpRequests.codecOf(mediaType.substring(MEDIA_TYPE_PREFIX.length()));
		if (!"POST".equals(request.getMethod())) {
			HttpRequests.rejectMethod(request, response, "POST");
			return;
		}
		if (codec == null || !method.codecs().supports(codec)
				|| method.definition().getMethodDescriptor().getType() == MethodType.UNARY) {
			HttpRequests.rejectContentType(method, request, response);
			return;
		}
		AsyncExchange exchange = AsyncExchange.start(request);
		StreamingResponse<RespT> stream = new StreamingResponse<>(exchange, method.codecs().response(codec),
				new ConnectStreamFraming(codec),
				this.support.responseCompression().forCall(request.getHeader("Connect-Accept-Encoding")),
				this.support.heldFlushes(), false);
		HttpServerCall<ReqT, RespT> call;
		String encoding = request.getHeader("Connect-Content-Encoding");
		try {
			HttpRequests.checkConnectProtocolVersion(request.getHeader(HttpRequests.CONNECT_PROTOCOL_VERSION), "1");
			HttpRequests.checkEncoding(encoding);
			long timeoutMillis = ConnectTimeout.parseMillis(request.getHeader(HttpRequests.CONNECT_TIMEOUT));
			long timeoutNanos = (timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
			call = this.support.calls()
				.start(method, method.codecs().request(codec), timeoutNanos, request, exchange, stream);
		}
		catch (StatusRuntimeException ex) {
			stream.close(ex.getStatus(), new Metadata());
			return;
		}
		RequestStreamReader.readInto(call, request.getInputStream(),
				new EnvelopeRequestFraming(encoding, this.support.maxMessageSize()), exchange);
	}

}
