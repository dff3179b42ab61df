package dev.rpcstarter.server;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;

/**
 * Ends a call whose service threw an exception that nothing handled with {@code INTERNAL}
 * and the message "internal error", and logs the exception.
 *
 * <p>grpc-java answers such an exception with {@code UNKNOWN}; the HTTP protocols answer
 * {@code INTERNAL}. Running this interceptor outermost on every service makes both ports say
 * the same, while {@code @GrpcAdvice} handlers and status exceptions, which sit further in or
 * carry their own status, keep working. The exception's message is not sent: it may hold
 * details a caller must not see.
 */
public class UnhandledExceptionInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(UnhandledExceptionInterceptor.class);

	@Override
	public int getOrder() {
		// First in the chain is outermost: every other interceptor gets to handle it before.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		CloseTracking<ReqT, RespT> tracked = new CloseTracking<>(call);
		return new SimpleForwardingServerCallListener<>(next.startCall(tracked, headers)) {

			@Override
			public void onMessage(ReqT message) {
				guard(() -> super.onMessage(message));
			}

			@Override
			public void onHalfClose() {
				guard(super::onHalfClose);
			}

			@Override
			public void onReady() {
				guard(super::onReady);
			}

			private void guard(Runnable event) {
				try {
					event.run();
				}
				catch (StatusRuntimeException ex) {
					tracked.closeOnce(ex.getStatus(), trailersOf(ex.getTrailers()));
				}
				catch (RuntimeException ex) {
					logger.error("Unhandled exception in " + call.getMethodDescriptor().getFullMethodName(), ex);
					tracked.closeOnce(Status.INTERNAL.withDescription("internal error"), new Metadata());
				}
			}

		};
	}

	private static Metadata trailersOf(Metadata trailers) {
		return (trailers != null) ? trailers : new Metadata();
	}

	/** Knows whether the service closed the call already, so the call is closed once. */
	private static final class CloseTracking<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {

		private volatile boolean closed;

		CloseTracking(ServerCall<ReqT, RespT> call) {
			super(call);
		}

		@Override
		public void close(Status status, Metadata trailers) {
			this.closed = true;
			super.close(status, trailers);
		}

		void closeOnce(Status status, Metadata trailers) {
			if (!this.closed) {
				close(status, trailers);
			}
		}

	}

}
