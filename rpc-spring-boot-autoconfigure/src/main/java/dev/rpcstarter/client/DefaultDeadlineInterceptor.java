package dev.rpcstarter.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives each call the client's {@code rpc.client.<name>.deadline} unless the caller set one
 * ({@code stub.withDeadlineAfter(...)}).
 *
 * <p>Applied per call because a stub is created once at injection: a deadline fixed on the
 * stub would count from start-up and soon expire for every call.
 */
class DefaultDeadlineInterceptor implements ClientInterceptor {

	private final Duration deadline;

	DefaultDeadlineInterceptor(Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		if (callOptions.getDeadline() == null) {
			callOptions = callOptions.withDeadlineAfter(this.deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		return next.newCall(method, callOptions);
	}

}
