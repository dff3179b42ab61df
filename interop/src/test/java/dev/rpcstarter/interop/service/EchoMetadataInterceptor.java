package dev.rpcstarter.interop.service;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Sends request metadata back both ways, so clients can check headers and trailers: the
 * {@code x-echo} request header returns as response header {@code x-echo} and as trailer
 * {@code x-echo-trailer}, the binary {@code x-echo-bin} as response header {@code x-echo-bin}.
 */
public class EchoMetadataInterceptor implements ServerInterceptor {

	static final Metadata.Key<String> ECHO = Metadata.Key.of("x-echo", Metadata.ASCII_STRING_MARSHALLER);

	static final Metadata.Key<String> ECHO_TRAILER = Metadata.Key.of("x-echo-trailer",
			Metadata.ASCII_STRING_MARSHALLER);

	static final Metadata.Key<byte[]> ECHO_BIN = Metadata.Key.of("x-echo-bin", Metadata.BINARY_BYTE_MARSHALLER);

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata requestHeaders,
			ServerCallHandler<ReqT, RespT> next) {
		String echo = requestHeaders.get(ECHO);
		byte[] echoBin = requestHeaders.get(ECHO_BIN);
		return next.startCall(new SimpleForwardingServerCall<>(call) {
			@Override
			public void sendHeaders(Metadata headers) {
				if (echo != null) {
					headers.put(ECHO, echo);
				}
				if (echoBin != null) {
					headers.put(ECHO_BIN, echoBin);
				}
				super.sendHeaders(headers);
			}

			@Override
			public void close(Status status, Metadata trailers) {
				if (echo != null) {
					trailers.put(ECHO_TRAILER, echo);
				}
				super.close(status, trailers);
			}
		}, requestHeaders);
	}

}
