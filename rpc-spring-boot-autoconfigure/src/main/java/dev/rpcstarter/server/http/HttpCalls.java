package dev.rpcstarter.server.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.rpcstarter.protocol.HeaderMetadata;
import dev.rpcstarter.protocol.MessageCodec;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.Context;
import io.grpc.InternalServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.function.SingletonSupplier;

/**
 * Starts {@link HttpServerCall}s the same way for every protocol: the request headers as
 * metadata, a context with the caller's deadline, the transport attributes, and a listener
 * that cancels the call when the client goes away.
 */
final class HttpCalls {

	private final ScheduledExecutorService timer;

	/**
	 * The parent of every call's context: it holds the server, as grpc-java's own server's
	 * contexts do, for the services that look it up (server reflection). The key is reachable
	 * only through grpc-java's {@code InternalServer}; reflection reads exactly that key.
	 */
	private final Context root;

	/**
	 * The gRPC server's stream tracer factories, read once, on the first call: they come from
	 * beans that the web server must not wait for when it starts.
	 */
	private final Supplier<List<ServerStreamTracer.Factory>> streamTracerFactories;

	private final OpenCalls openCalls = new OpenCalls();

	private final DeadlineAnswers deadlineAnswers;

	/**
	 * @param timer fires deadlines and sends their answers
	 * @param server the web port as grpc-java's server
	 * @param streamTracerFactories the stream tracer factories of the gRPC server
	 */
	HttpCalls(ScheduledExecutorService timer, Server server,
			Supplier<List<ServerStreamTracer.Factory>> streamTracerFactories) {
		this.timer = timer;
		this.deadlineAnswers = new DeadlineAnswers(timer);
		this.root = Context.ROOT.withValue(InternalServer.SERVER_CONTEXT_KEY, server);
		this.streamTracerFactories = SingletonSupplier.of(streamTracerFactories);
	}

	/**
	 * Starts a call.
	 * @param method the method
	 * @param requests reads the request messages
	 * @param timeoutNanos the caller's timeout, or a negative number for none
	 * @param request the request, in async mode
	 * @param exchange the request in async mode and its response
	 * @param response where the call's response goes
	 * @param <ReqT> the request type
	 * @param <RespT> the response type
	 * @return the started call, ready for request messages
	 * @throws io.grpc.StatusRuntimeException with {@code INVALID_ARGUMENT} when the request
	 * headers cannot be metadata
	 */
	<ReqT, RespT> HttpServerCall<ReqT, RespT> start(RpcMethod<ReqT, RespT> method, MessageCodec<ReqT> requests,
			long timeoutNanos, HttpServletRequest request, AsyncExchange exchange, CallResponse<RespT> response) {
		Metadata headers = HeaderMetadata.fromHeaders(request.getHeaderNames().asIterator(),
				(name) -> request.getHeaders(name).asIterator());
		CallTracers tracers = CallTracers.start(this.streamTracerFactories.get(),
				method.definition().getMethodDescriptor().getFullMethodName(), headers);
		Context base = tracers.filterContext(this.root);
		Context.CancellableContext context = (timeoutNanos >= 0)
				? base.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS, this.timer) : base.withCancellation();
		HttpServerCall<ReqT, RespT> call = new HttpServerCall<>(method.definition().getMethodDescriptor(), requests,
				response, context, tracers, new TransportAttributes(request), authorityOf(request), request.isSecure(),
				this.openCalls, this.deadlineAnswers.forRequest(request), new RequestThreadLocals(exchange));
		exchange.addListener(new CancelOnDisconnect(call, exchange));
		if (this.openCalls.add(call)) {
			call.start(method.definition().getServerCallHandler(), headers);
		}
		else {
			// The service never sees it; the request's messages, if any, go nowhere.
			call.cancel(OpenCalls.SHUTTING_DOWN);
		}
		return call;
	}

	/**
	 * Refuses new calls, lets the open ones end within a grace period, then cancels the rest
	 * (see {@link OpenCalls}).
	 * @param gracePeriod how long open calls may run on
	 */
	void close(Duration gracePeriod) {
		this.openCalls.close(gracePeriod);
	}

	/** Takes calls again after {@link #close}. */
	void reopen() {
		this.openCalls.reopen();
	}

	/**
	 * The authority the client called: HTTP/1.1's {@code Host} header, or what the container
	 * read from HTTP/2's {@code :authority}, which Tomcat does not turn into a {@code Host}
	 * header.
	 */
	private static String authorityOf(HttpServletRequest request) {
		String host = request.getHeader("Host");
		return (host != null) ? host : request.getServerName() + ":" + request.getServerPort();
	}

	/**
	 * A client that goes away cancels its call, so the service can stop working for nobody,
	 * and completes the exchange right away, as the container expects of a listener that
	 * handles an error (see {@link AsyncExchange}). The exchange is completed first: the call
	 * then closes on an exchange that is complete and leaves it alone, where closing it first
	 * completed it too, and the listener's own completion came second, which the container
	 * refuses (an {@code IllegalStateException} it logs as a warning).
	 */
	private record CancelOnDisconnect(HttpServerCall<?, ?> call, AsyncExchange exchange) implements AsyncListener {

		@Override
		public void onError(AsyncEvent event) {
			this.exchange.completeInListener();
			this.call.cancel(Status.CANCELLED.withDescription("the client went away"));
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.exchange.completeInListener();
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
