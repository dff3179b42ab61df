package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.ConnectTimeout;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Connect protocol's unary calls: {@code POST} with an {@code application/proto} or
 * {@code application/json} body holding exactly one message, or, for methods without side
 * effects, {@code GET} with the message in the query so that responses can be cached.
 *
 * <p>Everything the request says about the call is checked before the service runs: method,
 * content type, protocol version, compression, timeout and size. A request that fails a check
 * gets the protocol's error and never reaches the service.
 */
final class ConnectUnaryProtocol implements HttpProtocol {

	private static final String MEDIA_TYPE_PREFIX = "application/";

	private final ProtocolSupport support;

	ConnectUnaryProtocol(ProtocolSupport support) {
		this.support = support;
	}

	@Override
	public boolean handles(String mediaType) {
		return mediaType.equals("application/proto") || mediaType.equals("application/json");
	}

	@Override
	public <ReqT, RespT> void serve(RpcMethod<ReqT, RespT> method, String mediaType, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		MethodDescriptor<ReqT, RespT> descriptor = method.definition().getMethodDescriptor();
		boolean get = "GET".equals(request.getMethod());
		if (!"POST".equals(request.getMethod()) && !(get && descriptor.isSafe())) {
			HttpRequests.rejectMethod(request, response, descriptor.isSafe() ? "GET, POST" : "POST");
			return;
		}
		Map<String, String> query = get ? query(request.getQueryString()) : Map.of();
		Codec codec = HttpRequests.codecOf(get ? query.getOrDefault("encoding", "")
				: mediaType.substring(MEDIA_TYPE_PREFIX.length()));
		if (codec == null || !method.codecs().supports(codec) || descriptor.getType() != MethodDescriptor.MethodType.UNARY) {
			HttpRequests.rejectContentType(method, request, response);
			return;
		}
		AsyncExchange exchange = AsyncExchange.startOnDemand(request, response);
		UnaryResponse<RespT> unary = new UnaryResponse<>(exchange, "application/" + codec.subtype(),
				method.codecs().response(codec)::encode, ConnectErrorJson::toJson,
				this.support.responseCompression().forCall(request.getHeader("Accept-Encoding")));
		try {
			UnaryRequestBody message = get ? UnaryRequestBody.of(readQueryMessage(request, query))
					: readBody(request, exchange);
			long timeoutMillis = ConnectTimeout.parseMillis(request.getHeader(HttpRequests.CONNECT_TIMEOUT));
			long timeoutNanos = (timeoutMillis < 0) ? -1 : TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
			HttpServerCall<ReqT, RespT> call = this.support.calls()
				.start(method, method.codecs().request(codec), timeoutNanos, request, exchange, unary);
			message.passTo(call);
		}
		catch (StatusRuntimeException ex) {
			unary.close(ex.getStatus(), new Metadata());
		}
	}

	private UnaryRequestBody readBody(HttpServletRequest request, AsyncExchange exchange) throws IOException {
		HttpRequests.checkConnectProtocolVersion(request.getHeader(HttpRequests.CONNECT_PROTOCOL_VERSION), "1");
		return UnaryRequestBody.read(request, this.support.maxMessageSize(), exchange);
	}

	/**
	 * The message of a GET request: the {@code message} query parameter, URL-safe base64 when
	 * {@code base64=1}, compressed as {@code compression} says.
	 */
	private byte[] readQueryMessage(HttpServletRequest request, Map<String, String> query) throws IOException {
		HttpRequests.checkConnectProtocolVersion(query.get("connect"), "v1");
		String compression = query.get("compression");
		HttpRequests.checkEncoding(compression);
		String encoded = query.get("message");
		if (encoded == null) {
			throw Status.INVALID_ARGUMENT.withDescription("GET request has no message query parameter")
				.asRuntimeException();
		}
		byte[] bytes = percentDecode(encoded);
		if ("1".equals(query.get("base64"))) {
			try {
				bytes = Base64.getUrlDecoder().decode(bytes);
			}
			catch (IllegalArgumentException ex) {
				throw Status.INVALID_ARGUMENT.withDescription("message query parameter is not valid URL-safe base64")
					.asRuntimeException();
			}
		}
		return Compression.readMessage(new ByteArrayInputStream(bytes), compression, this.support.maxMessageSize());
	}

	/** The query's parameters, values still percent-encoded: a binary message must not pass through a charset. */
	private static Map<String, String> query(String rawQuery) {
		Map<String, String> parameters = new HashMap<>();
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				int equals = pair.indexOf('=');
				String name = (equals < 0) ? pair : pair.substring(0, equals);
				parameters.putIfAbsent(name, (equals < 0) ? "" : pair.substring(equals + 1));
			}
		}
		return parameters;
	}

	private static byte[] percentDecode(String value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '%') {
				bytes.write((c == '+') ? ' ' : c);
				continue;
			}
			int high = (i + 2 < value.length()) ? Character.digit(value.charAt(i + 1), 16) : -1;
			int low = (high < 0) ? -1 : Character.digit(value.charAt(i + 2), 16);
			if (low < 0) {
				throw Status.INVALID_ARGUMENT.withDescription("query is not valid percent-encoding").asRuntimeException();
			}
			bytes.write((high << 4) | low);
			i += 2;
		}
		return bytes.toByteArray();
	}

}
