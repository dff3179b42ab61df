package dev.rpcstarter.client.connect;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.MethodCodecs;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * A channel whose calls speak the Connect protocol or gRPC-Web over
 * {@link java.net.http.HttpClient}, so that the stubs {@code protoc} generates for gRPC call
 * Connect and gRPC-Web servers unchanged.
 *
 * <p>Over {@code http://} the client offers HTTP/2 by upgrade (h2c) when asked for
 * {@link HttpClient.Version#HTTP_2}, and stays on HTTP/1.1 when the server declines; over
 * {@code https://} the version is negotiated by ALPN. {@code java.net.http} hands the response
 * over only once the whole request body is sent, so bidirectional calls are half duplex: the
 * responses arrive after the client half-closes.
 *
 * <p>A {@link ManagedChannel} so that it is shut down like any other channel: shutting down
 * refuses new calls, {@link #shutdownNow()} also cancels the running ones.
 */
public final class ConnectChannel extends ManagedChannel {

	/** The default limit of a response message, as grpc-java's. */
	private static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

	private static final AtomicInteger threadCount = new AtomicInteger();

	private final String baseUri;

	private final Codec codec;

	private final WireProtocol unaryWire;

	private final WireProtocol streamWire;

	private final HttpClient http;

	/** Runs listener callbacks and the blocking reads of responses; threads end when idle. */
	private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("rpc-connect-call"));

	private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
			daemonThreads("rpc-connect-deadline"));

	private final Map<MethodDescriptor<?, ?>, MethodCodecs<?, ?>> methodCodecs = new ConcurrentHashMap<>();

	private final Set<HttpClientCall<?, ?>> calls = ConcurrentHashMap.newKeySet();

	private final CountDownLatch terminated = new CountDownLatch(1);

	private volatile boolean shutdown;

	private ConnectChannel(URI baseUri, RpcProtocol protocol, Codec codec, HttpClient.Version version) {
		if (protocol == RpcProtocol.GRPC) {
			throw new IllegalArgumentException("native gRPC needs a grpc-java channel, not a ConnectChannel");
		}
		String base = baseUri.toString();
		this.baseUri = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.codec = codec;
		this.unaryWire = (protocol == RpcProtocol.CONNECT) ? new ConnectUnaryWire() : new GrpcWebWire();
		this.streamWire = (protocol == RpcProtocol.CONNECT) ? new ConnectStreamWire() : this.unaryWire;
		this.http = HttpClient.newBuilder().version(version).connectTimeout(CONNECT_TIMEOUT).build();
		this.deadlines.setRemoveOnCancelPolicy(true);
		this.deadlines.setKeepAliveTime(10, TimeUnit.SECONDS);
		this.deadlines.allowCoreThreadTimeOut(true);
	}

	/**
	 * A channel that offers HTTP/2 and falls back to HTTP/1.1.
	 * @param baseUri {@code http://host:port} or {@code https://host:port}, optionally with a
	 * path that the method paths are appended to
	 * @param protocol {@link RpcProtocol#CONNECT} or {@link RpcProtocol#GRPC_WEB}
	 * @param codec how messages are written
	 * @return the channel
	 */
	public static ConnectChannel create(URI baseUri, RpcProtocol protocol, Codec codec) {
		return create(baseUri, protocol, codec, HttpClient.Version.HTTP_2);
	}

	/**
	 * A channel that uses the given HTTP version.
	 * @param baseUri {@code http://host:port} or {@code https://host:port}
	 * @param protocol {@link RpcProtocol#CONNECT} or {@link RpcProtocol#GRPC_WEB}
	 * @param codec how messages are written
	 * @param version {@code HTTP_1_1} to stay on it, {@code HTTP_2} to offer HTTP/2
	 * @return the channel
	 */
	public static ConnectChannel create(URI baseUri, RpcProtocol protocol, Codec codec, HttpClient.Version version) {
		return new ConnectChannel(baseUri, protocol, codec, version);
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
		WireProtocol wire = (method.getType() == MethodDescriptor.MethodType.UNARY) ? this.unaryWire : this.streamWire;
		return new HttpClientCall<>(this, method, options, wire, this.codec, codecsOf(method));
	}

	@SuppressWarnings("unchecked")
	private <ReqT, RespT> MethodCodecs<ReqT, RespT> codecsOf(MethodDescriptor<ReqT, RespT> method) {
		return (MethodCodecs<ReqT, RespT>) this.methodCodecs.computeIfAbsent(method,
				(key) -> MethodCodecs.of(method, JsonFormat.TypeRegistry.getEmptyTypeRegistry()));
	}

	@Override
	public String authority() {
		return URI.create(this.baseUri).getAuthority();
	}

	URI uriOf(MethodDescriptor<?, ?> method) {
		return URI.create(this.baseUri + "/" + method.getFullMethodName());
	}

	HttpClient http() {
		return this.http;
	}

	ExecutorService executor() {
		return this.executor;
	}

	ScheduledExecutorService deadlines() {
		return this.deadlines;
	}

	int maxMessageBytes(CallOptions options) {
		Integer max = options.getMaxInboundMessageSize();
		return (max != null) ? max : DEFAULT_MAX_MESSAGE_BYTES;
	}

	/**
	 * Counts a call as running, unless the channel is shut down.
	 * @param call a call that starts
	 * @return whether it may run
	 */
	boolean register(HttpClientCall<?, ?> call) {
		this.calls.add(call);
		if (this.shutdown) {
			unregister(call);
			return false;
		}
		return true;
	}

	void unregister(HttpClientCall<?, ?> call) {
		this.calls.remove(call);
		if (this.shutdown && this.calls.isEmpty()) {
			this.terminated.countDown();
		}
	}

	@Override
	public ConnectChannel shutdown() {
		this.shutdown = true;
		if (this.calls.isEmpty()) {
			this.terminated.countDown();
		}
		return this;
	}

	@Override
	public ConnectChannel shutdownNow() {
		shutdown();
		this.calls.forEach((call) -> call.abort(Status.UNAVAILABLE.withDescription("Channel shutdownNow invoked")));
		return this;
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return this.terminated.getCount() == 0;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.terminated.await(timeout, unit);
	}

	private static ThreadFactory daemonThreads(String prefix) {
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + threadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
