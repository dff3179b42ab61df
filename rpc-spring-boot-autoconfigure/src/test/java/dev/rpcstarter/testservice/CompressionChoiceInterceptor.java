package dev.rpcstarter.testservice;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

/**
 * Makes the service choose its call's compression as a test's request headers say, the way a
 * service would through its {@code ServerCallStreamObserver}: {@link #COMPRESSOR} is passed to
 * {@code setCompression}, and {@link #MESSAGE_COMPRESSION} {@code off} turns per-message
 * compression off.
 */
@GrpcGlobalServerInterceptor
public class CompressionChoiceInterceptor implements ServerInterceptor {

	/** The compressor the service asks for. */
	public static final Metadata.Key<String> COMPRESSOR = Metadata.Key.of("x-compressor",
			Metadata.ASCII_STRING_MARSHALLER);

	/** {@code off} turns compression off for every message of the call. */
	public static final Metadata.Key<String> MESSAGE_COMPRESSION = Metadata.Key.of("x-message-compression",
			Metadata.ASCII_STRING_MARSHALLER);

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String compressor = headers.get(COMPRESSOR);
		if (compressor != null) {
			call.setCompression(compressor);
		}
		if ("off".equals(headers.get(MESSAGE_COMPRESSION))) {
			call.setMessageCompression(false);
		}
		return next.startCall(call, headers);
	}

}
