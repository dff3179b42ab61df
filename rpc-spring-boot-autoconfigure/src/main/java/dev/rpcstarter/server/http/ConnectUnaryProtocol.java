package dev.rpcstarter.server.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectTimeout;
import dev.rpcstarter.protocol.HeaderMetadata;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Connect protocol's unary calls: {@code POST} with an {@code application/proto} or
 * {@code application/json} body holding exactly one message.
 *
 * <p>Everything the request says about the call is checked before the service runs: method,
 * content type, protocol version, compression, timeout and size. A request that fails a check
 * gets the protocol's error and never reaches the service.
 */
final class ConnectUnaryProtocol {

	private static final String PROTOCOL_VERSION_HEADER = "Connect-Protocol-Version";

	private static final String TIMEOUT_HEADER = "Connect-Timeout-Ms";

	private static final String SUPPORTED_CONTENT_TYPES = "application/proto, application/json";

	private final int maxMessageSize;

	private final ScheduledExecutorService deadlines;

	ConnectUnaryProtocol(int maxMessageSize, ScheduledExecutorService deadlines) {
		this.maxMessageSize = maxMessageSize;
		this.deadlines = deadlines;
	}

	/**
	 * The codec of a unary Connect content type.
	 * @param contentType the request's {@code Content-Type}, or {@code null}
	 * @return the codec, or {@code null} when the content type is not a unary Connect one
	 */
	static Codec codecOf(String contentType) {
		if (contentType == null) {
			return null;
		}
		String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
		String mediaType = parts[0].trim();
		if (mediaType.equals("application/proto")) {
			return Codec.PROTO;
		}
		if (mediaType.equals("application/json") && isUtf8(parts)) {
			return Codec.JSON;
		}
		return null;
	}

	/** JSON is UTF-8 in Connect; a request that declares another charset is not understood. */
	private static boolean isUtf8(String[] contentTypeParts) {
		for (int i = 1; i < contentTypeParts.length; i++) {
			String[] parameter = contentTypeParts[i].trim().split("=", 2);
			if (parameter[0].equals("charset") && !parameter[1].replace("\"", "").trim().equals("utf-8")) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Serves one request for a known method.
	 * @param method the method
	 * @param request the HTTP request
	 * @param response the HTTP response
	 * @param <ReqT> the request type
	 * @param <RespT> the response type
	 * @throws IOException when the request cannot be read or an error cannot be written
	 */
	<ReqT, RespT> void serve(RpcMethod<ReqT, RespT> method, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		MethodDescriptor<ReqT, RespT> descriptor = method.definition().getMethodDescriptor();
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			ConnectErrors.send(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, Status.UNIMPLEMENTED
				.withDescription(request.getMethod() + " is not allowed; Connect unary calls use POST"));
			return;
		}
		Codec codec = codecOf(request.getContentType());
		if (codec == null || !method.codecs().supports(codec)
				|| descriptor.getType() != MethodDescriptor.MethodType.UNARY) {
			rejectContentType(descriptor, request, response);
			return;
		}
		try {
			startCall(method, codec, request);
		}
		catch (StatusRuntimeException ex) {
			if (!request.isAsyncStarted()) {
				ConnectErrors.send(response, ex.getStatus());
			}
		}
	}

	private void rejectContentType(MethodDescriptor<?, ?> method, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		String reason = (method.getType() == MethodDescriptor.MethodType.UNARY)
				? "content type " + request.getContentType() + " is not supported; use " + SUPPORTED_CONTENT_TYPES
				: method.getFullMethodName() + " is a streaming method, which is served over gRPC only for now";
		response.setHeader("Accept-Post", SUPPORTED_CONTENT_TYPES);
		ConnectErrors.send(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
				Status.UNIMPLEMENTED.withDescription(reason));
	}

	private <ReqT, RespT> void startCall(RpcMethod<ReqT, RespT> method, Codec codec, HttpServletRequest request)
			throws IOException {
		checkProtocolVersion(request.getHeader(PROTOCOL_VERSION_HEADER));
		long timeoutMillis = ConnectTimeout.parseMillis(request.getHeader(TIMEOUT_HEADER));
		byte[] message = readMessage(request);
		Metadata headers = HeaderMetadata.fromHeaders(request.getHeaderNames().asIterator(),
				(name) -> request.getHeaders(name).asIterator());

		Context.CancellableContext context = (timeoutMillis >= 0)
				? Context.ROOT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS, this.deadlines)
				: Context.ROOT.withCancellation();
		AsyncContext async = request.startAsync();
		async.setTimeout(0); // the call's own deadline governs, not the container's
		ConnectUnaryResponse<RespT> response = new ConnectUnaryResponse<>(async, method.codecs().response(codec),
				codec, Compression.acceptsGzip(request.getHeader("Accept-Encoding")));
		MethodDescriptor<ReqT, RespT> descriptor = method.definition().getMethodDescriptor();
		HttpServerCall<ReqT, RespT> call = new HttpServerCall<>(descriptor, method.codecs().request(codec), response,
				context, attributes(request), request.getHeader("Host"));
		async.addListener(new CancelOnDisconnect(call));
		call.start(method.definition().getServerCallHandler(), headers);
		call.receiveMessage(message);
		call.receiveHalfClose();
	}

	private static void checkProtocolVersion(String version) {
		if (version != null && !version.equals("1")) {
			throw Status.INVALID_ARGUMENT
				.withDescription("connect-protocol-version must be 1, got \"" + version + "\"")
				.asRuntimeException();
		}
	}

	private byte[] readMessage(HttpServletRequest request) throws IOException {
		String encoding = request.getHeader("Content-Encoding");
		if (!Compression.isSupported(encoding)) {
			throw Status.UNIMPLEMENTED
				.withDescription("content-encoding " + encoding + " is not supported; use " + Compression.ACCEPTED)
				.asRuntimeException();
		}
		if (Compression.isIdentity(encoding) && request.getContentLengthLong() > this.maxMessageSize) {
			// Refused before a byte of it is read.
			throw Compression.tooLarge(this.maxMessageSize);
		}
		return Compression.readMessage(request.getInputStream(), encoding, this.maxMessageSize);
	}

	private static Attributes attributes(HttpServletRequest request) {
		return Attributes.newBuilder()
			.set(Grpc.TRANSPORT_ATTR_REMOTE_ADDR, new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()))
			.set(Grpc.TRANSPORT_ATTR_LOCAL_ADDR, new InetSocketAddress(request.getLocalAddr(), request.getLocalPort()))
			.build();
	}

	/** A client that goes away cancels its call, so the service can stop working for nobody. */
	private record CancelOnDisconnect(HttpServerCall<?, ?> call) implements AsyncListener {

		@Override
		public void onError(AsyncEvent event) {
			this.call.cancel(Status.CANCELLED.withDescription("the client went away"));
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.call.cancel(Status.DEADLINE_EXCEEDED.withDescription("the server's async request timeout passed"));
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
