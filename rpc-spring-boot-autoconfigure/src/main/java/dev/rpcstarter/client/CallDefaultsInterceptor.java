package dev.rpcstarter.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Gives each call of a client what {@code rpc.client.<name>.*} configures per call: the
 * {@code deadline} (its method's, from {@code methods.<method>.deadline}, or the client's) and
 * the request {@code compression} unless the caller set its own
 * ({@code stub.withDeadlineAfter(...)}, {@code stub.withCompression(...)}), and the static
 * {@code headers}.
 *
 * <p>Applied per call because a stub is created once at injection: a deadline fixed on the
 * stub would count from start-up and soon expire for every call.
 */
class CallDefaultsInterceptor implements ClientInterceptor {

	private final Duration deadline;

	/** Deadlines by bare method name, which win over {@link #deadline}. */
	private final Map<String, Duration> methodDeadlines;

	private final String compression;

	private final Metadata headers;

	/**
	 * @param deadline the deadline of a call, or {@code null} for none
	 * @param methodDeadlines the deadlines of the calls of some methods, by bare method name
	 * @param compression the encoding of requests, or {@code null} to leave them as they are
	 * @param headers header name to value, added to every call
	 */
	CallDefaultsInterceptor(Duration deadline, Map<String, Duration> methodDeadlines, String compression,
			Map<String, String> headers) {
		this.deadline = deadline;
		this.methodDeadlines = Map.copyOf(methodDeadlines);
		this.compression = compression;
		this.headers = new Metadata();
		headers.forEach((name, value) -> this.headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
			CallOptions callOptions, Channel next) {
		Duration deadline = deadlineOf(method);
		if (deadline != null && callOptions.getDeadline() == null) {
			callOptions = callOptions.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
		}
		if (this.compression != null && callOptions.getCompressor() == null) {
			callOptions = callOptions.withCompression(this.compression);
		}
		return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {

			@Override
			public void start(Listener<RespT> responseListener, Metadata headers) {
				headers.merge(CallDefaultsInterceptor.this.headers);
				super.start(responseListener, headers);
			}

		};
	}

	/**
	 * The deadline of a method's calls. Most clients name no method, and their calls skip the
	 * lookup: grpc-java cuts the bare method name out of the full one at every call.
	 */
	private Duration deadlineOf(MethodDescriptor<?, ?> method) {
		return this.methodDeadlines.isEmpty() ? this.deadline
				: this.methodDeadlines.getOrDefault(method.getBareMethodName(), this.deadline);
	}

}
