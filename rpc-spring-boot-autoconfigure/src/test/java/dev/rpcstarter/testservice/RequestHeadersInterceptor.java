package dev.rpcstarter.testservice;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Status;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

/**
 * Puts the request headers into the call's context for {@link TestServiceImpl}, and answers
 * with a response header and a trailer, so tests can follow metadata both ways.
 */
@GrpcGlobalServerInterceptor
public class RequestHeadersInterceptor implements ServerInterceptor {

	static final Context.Key<Metadata> HEADERS = Context.key("request-headers");

	/** Sent back as a response header on every call. */
	public static final Metadata.Key<String> SERVED_BY = Metadata.Key.of("x-served-by", Metadata.ASCII_STRING_MARSHALLER);

	/** Sent back as a response header on every call: what {@code ServerCall.getSecurityLevel()} said. */
	public static final Metadata.Key<String> SECURITY_LEVEL = Metadata.Key.of("x-security-level",
			Metadata.ASCII_STRING_MARSHALLER);

	/** Sent back as a response header on every call: what {@code ServerCall.getAuthority()} said. */
	public static final Metadata.Key<String> AUTHORITY = Metadata.Key.of("x-authority", Metadata.ASCII_STRING_MARSHALLER);

	/**
	 * Sent back as a response header on every call over TLS: the protocol of its
	 * {@code Grpc.TRANSPORT_ATTR_SSL_SESSION}, and the subject of the client's certificate when
	 * it sent one.
	 */
	public static final Metadata.Key<String> TLS = Metadata.Key.of("x-tls", Metadata.ASCII_STRING_MARSHALLER);

	/** Sent back as a trailer on every call. */
	public static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-trailer", Metadata.ASCII_STRING_MARSHALLER);

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		ServerCall<ReqT, RespT> withMetadata = new SimpleForwardingServerCall<>(call) {
			@Override
			public void sendHeaders(Metadata responseHeaders) {
				responseHeaders.put(SERVED_BY, "test-service");
				responseHeaders.put(SECURITY_LEVEL, call.getSecurityLevel().name());
				if (call.getAuthority() != null) {
					responseHeaders.put(AUTHORITY, call.getAuthority());
				}
				SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
				if (tls != null) {
					responseHeaders.put(TLS, tls.getProtocol() + " " + clientOf(tls));
				}
				super.sendHeaders(responseHeaders);
			}

			@Override
			public void close(Status status, Metadata trailers) {
				trailers.put(TRAILER, "done");
				super.close(status, trailers);
			}
		};
		return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), withMetadata, headers, next);
	}

	private static String clientOf(SSLSession tls) {
		try {
			return tls.getPeerPrincipal().getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			return "anonymous";
		}
	}

}
