package dev.rpcstarter.testservice;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
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

	/** A compressor that the service asks for only after sending headers, which must be refused. */
	public static final Metadata.Key<String> COMPRESSOR_AFTER_HEADERS = Metadata.Key.of("x-compressor-after-headers",
			Metadata.ASCII_STRING_MARSHALLER);

	/** Trailer that says what the late {@code setCompression} call threw, or {@code accepted}. */
	public static final Metadata.Key<String> LATE_COMPRESSOR = Metadata.Key.of("x-late-compressor",
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
		String late = headers.get(COMPRESSOR_AFTER_HEADERS);
		return next.startCall((late != null) ? new CompressorAfterHeaders<>(call, late) : call, headers);
	}

	/** Asks for a compressor right after the headers went out, and reports the outcome in a trailer. */
	private static final class CompressorAfterHeaders<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private final String compressor;

		private volatile String outcome = "not asked";

		CompressorAfterHeaders(ServerCall<ReqT, RespT> call, String compressor) {
			super(call);
			this.compressor = compressor;
		}

		@Override
		public void sendHeaders(Metadata headers) {
			super.sendHeaders(headers);
			try {
				setCompression(this.compressor);
				this.outcome = "accepted";
			}
			catch (IllegalStateException ex) {
				this.outcome = ex.getClass().getSimpleName();
			}
		}

		@Override
		public void close(Status status, Metadata trailers) {
			trailers.put(LATE_COMPRESSOR, this.outcome);
			super.close(status, trailers);
		}

	}

}
