package dev.rpcstarter.client.connect;

import java.net.URI;
import java.util.List;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.MethodCodecs;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;

import org.springframework.boot.ssl.SslBundle;

/**
 * A channel whose calls speak the Connect protocol or gRPC-Web over OkHttp, so that the stubs
 * {@code protoc} generates for gRPC call Connect and gRPC-Web servers unchanged.
 *
 * <p>Over {@code https://} the HTTP version is negotiated by ALPN (HTTP/2, else HTTP/1.1);
 * over {@code http://} the channel speaks HTTP/1.1, or HTTP/2 with prior knowledge (h2c) when
 * asked for {@link HttpVersion#HTTP_2}. Over HTTP/2 bidirectional calls are full duplex, and
 * calls beyond the server's limit of concurrent streams wait for a stream instead of failing.
 * Over HTTP/1.1 each running call has a connection of its own, and bidirectional calls are half
 * duplex: the responses arrive after the client half-closes.
 *
 * <p>A {@link ManagedChannel} so that it is shut down like any other channel: shutting down
 * refuses new calls, {@link #shutdownNow()} also cancels the running ones.
 */
public final class ConnectChannel extends ManagedChannel {

	/** The default limit of a response message, as grpc-java's. */
	private static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

	private static final AtomicInteger threadCount = new AtomicInteger();

	private final BaseUriPicker baseUris;

	private final Codec codec;

	private final WireProtocol unaryWire;

	/** The wire of unary methods without side effects, which a GET may call. */
	private final WireProtocol safeUnaryWire;

	private final WireProtocol streamWire;

	private final HttpConnections connections;

	private final AttemptPolicy attemptPolicy;

	/** Policies by bare method name, which win over {@link #attemptPolicy}; {@code null} for none. */
	private final Map<String, AttemptPolicy> methodAttemptPolicies;

	private final int maxMessageBytes;

	/**
	 * Runs the blocking exchanges and reads of responses, and the listener callbacks of calls
	 * without an executor of their own; threads end when idle. Shut down when the channel
	 * terminates.
	 */
	private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads("rpc-connect-call"));

	private final DeadlineTimer deadlines = new DeadlineTimer(daemonThreads("rpc-connect-deadline"));

	private final ReplayBudget replayBudget = new ReplayBudget(ReplayBudget.CHANNEL_BYTES);

	private final RetryTokens retryTokens;

	private final Map<MethodDescriptor<?, ?>, MethodCodecs<?, ?>> methodCodecs = new ConcurrentHashMap<>();

	private final MethodUrls methodUrls;

	private final Set<HttpClientCall<?, ?>> calls = ConcurrentHashMap.newKeySet();

	private final CountDownLatch terminated = new CountDownLatch(1);

	private volatile boolean shutdown;

	private ConnectChannel(Builder builder) {
		if (builder.protocol == RpcProtocol.GRPC) {
			throw new IllegalArgumentException("native gRPC needs a grpc-java channel, not a ConnectChannel");
		}
		this.baseUris = builder.baseUris;
		this.methodUrls = new MethodUrls(builder.baseUris);
		this.codec = builder.codec;
		if (builder.httpGet && builder.protocol != RpcProtocol.CONNECT) {
			throw new IllegalArgumentException("only the Connect protocol calls methods with GET, not " + builder.protocol);
		}
		this.unaryWire = (builder.protocol == RpcProtocol.CONNECT) ? ConnectUnaryWire.forPost() : new GrpcWebWire();
		this.safeUnaryWire = builder.httpGet ? ConnectUnaryWire.forGet() : this.unaryWire;
		this.streamWire = (builder.protocol == RpcProtocol.CONNECT) ? new ConnectStreamWire() : this.unaryWire;
		this.connections = new HttpConnections(builder.version, builder.tls);
		this.attemptPolicy = builder.attemptPolicy;
		this.methodAttemptPolicies = builder.methodAttemptPolicies;
		this.retryTokens = (builder.retryThrottling != null) ? new RetryTokens(builder.retryThrottling)
				: RetryTokens.UNLIMITED;
		this.maxMessageBytes = builder.maxMessageBytes;
	}

	/**
	 * A channel to one server, over HTTP/2 by ALPN on {@code https://}, else HTTP/1.1.
	 * @param baseUri {@code http://host:port} or {@code https://host:port}, optionally with a
	 * path that the method paths are appended to
	 * @param protocol {@link RpcProtocol#CONNECT} or {@link RpcProtocol#GRPC_WEB}
	 * @param codec how messages are written
	 * @return the channel
	 */
	public static ConnectChannel create(URI baseUri, RpcProtocol protocol, Codec codec) {
		return builder(protocol, codec).baseUris(BaseUriPicker.pickFirst(List.of(baseUri))).build();
	}

	/**
	 * A channel to one server that uses the given HTTP version.
	 * @param baseUri {@code http://host:port} or {@code https://host:port}
	 * @param protocol {@link RpcProtocol#CONNECT} or {@link RpcProtocol#GRPC_WEB}
	 * @param codec how messages are written
	 * @param version the HTTP version; {@code HTTP_2} over {@code http://} is h2c with prior
	 * knowledge
	 * @return the channel
	 */
	public static ConnectChannel create(URI baseUri, RpcProtocol protocol, Codec codec, HttpVersion version) {
		return builder(protocol, codec).baseUris(BaseUriPicker.pickFirst(List.of(baseUri))).httpVersion(version).build();
	}

	/**
	 * @param protocol {@link RpcProtocol#CONNECT} or {@link RpcProtocol#GRPC_WEB}
	 * @param codec how messages are written
	 * @return a builder of a channel with these, to be given its servers
	 */
	public static Builder builder(RpcProtocol protocol, Codec codec) {
		return new Builder(protocol, codec);
	}

	@Override
	public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
		AttemptPolicy policy = attemptPolicyOf(method);
		if (policy instanceof RetryPolicy retry) {
			return new RetryingCall<>(this, method, options, retry);
		}
		// Copies of a streaming request would each have their own flow control, which the
		// caller's one listener cannot hear at once: such calls are sent once.
		if (policy instanceof HedgingPolicy hedging && method.getType().clientSendsOneMessage()) {
			return new HedgingCall<>(this, method, options, hedging);
		}
		HttpClientCall<ReqT, RespT> call = newAttempt(method, options);
		return this.retryTokens.throttles() ? new TokenReturningCall<>(call, this.retryTokens) : call;
	}

	/** Most channels set no method's policy, and their calls skip cutting out the method's name. */
	private AttemptPolicy attemptPolicyOf(MethodDescriptor<?, ?> method) {
		if (this.methodAttemptPolicies.isEmpty()) {
			return this.attemptPolicy;
		}
		String name = method.getBareMethodName();
		return this.methodAttemptPolicies.containsKey(name) ? this.methodAttemptPolicies.get(name)
				: this.attemptPolicy;
	}

	/** One HTTP exchange, to the server the picker chooses now. */
	<ReqT, RespT> HttpClientCall<ReqT, RespT> newAttempt(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
		WireProtocol wire = (method.getType() != MethodDescriptor.MethodType.UNARY) ? this.streamWire
				: method.isSafe() ? this.safeUnaryWire : this.unaryWire;
		return new HttpClientCall<>(this, method, options, wire, this.codec, codecsOf(method), this.baseUris.pick());
	}

	@SuppressWarnings("unchecked")
	private <ReqT, RespT> MethodCodecs<ReqT, RespT> codecsOf(MethodDescriptor<ReqT, RespT> method) {
		return (MethodCodecs<ReqT, RespT>) this.methodCodecs.computeIfAbsent(method,
				(key) -> MethodCodecs.of(method, JsonFormat.TypeRegistry.getEmptyTypeRegistry()));
	}

	@Override
	public String authority() {
		URI first = this.baseUris.first();
		return (first != null) ? first.getAuthority() : null;
	}

	/**
	 * @param baseUri a server, e.g. {@code http://host:port/prefix}
	 * @param method a method of it
	 * @return where the method is called
	 * @throws IllegalArgumentException when that is not an {@code http://} or
	 * {@code https://} URL
	 */
	HttpUrl urlOf(URI baseUri, MethodDescriptor<?, ?> method) {
		return this.methodUrls.of(baseUri, method);
	}

	/**
	 * @param baseUri a server a call could not reach, to be skipped for a while
	 */
	void unreachable(URI baseUri) {
		this.baseUris.unreachable(baseUri);
	}

	/**
	 * @param request a request to one of the servers
	 * @return its exchange, to be executed
	 */
	Call newExchange(Request request) {
		return this.connections.newCall(request);
	}

	ExecutorService executor() {
		return this.executor;
	}

	DeadlineTimer deadlines() {
		return this.deadlines;
	}

	ReplayBudget replayBudget() {
		return this.replayBudget;
	}

	RetryTokens retryTokens() {
		return this.retryTokens;
	}

	Executor executorOf(CallOptions options) {
		return (options.getExecutor() != null) ? options.getExecutor() : this::runCallback;
	}

	/**
	 * Runs a listener callback on a channel thread. Once the channel has terminated, only calls
	 * refused for that still have something to tell their listener; they tell it on the
	 * caller's thread.
	 */
	private void runCallback(Runnable callback) {
		try {
			this.executor.execute(callback);
		}
		catch (RejectedExecutionException ex) {
			callback.run();
		}
	}

	int maxMessageBytes(CallOptions options) {
		Integer max = options.getMaxInboundMessageSize();
		return (max != null) ? max : this.maxMessageBytes;
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
			terminate();
		}
	}

	@Override
	public ConnectChannel shutdown() {
		this.shutdown = true;
		if (this.calls.isEmpty()) {
			terminate();
		}
		return this;
	}

	/** Runs once the channel is shut down and has no call left, possibly more than once. */
	private void terminate() {
		this.baseUris.close();
		this.connections.close();
		this.executor.shutdown();
		// Retries already scheduled still run, and find the channel shut down.
		this.deadlines.shutdown();
		this.terminated.countDown();
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

	/**
	 * Settings of a {@link ConnectChannel}; only the servers are required.
	 */
	public static final class Builder {

		private final RpcProtocol protocol;

		private final Codec codec;

		private BaseUriPicker baseUris;

		private HttpVersion version;

		private HttpConnections.Tls tls;

		private AttemptPolicy attemptPolicy;

		private Map<String, AttemptPolicy> methodAttemptPolicies = Map.of();

		private RetryThrottling retryThrottling;

		private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

		private boolean httpGet;

		private Builder(RpcProtocol protocol, Codec codec) {
			this.protocol = protocol;
			this.codec = codec;
		}

		/**
		 * @param baseUris the servers and how calls are spread over them
		 * @return this builder
		 */
		public Builder baseUris(BaseUriPicker baseUris) {
			this.baseUris = baseUris;
			return this;
		}

		/**
		 * @param version the HTTP version to speak: {@code HTTP_1_1}, or {@code HTTP_2}, which
		 * is h2c with prior knowledge over {@code http://}; {@code null} (the default) for
		 * HTTP/2 by ALPN over {@code https://} and HTTP/1.1 over {@code http://}
		 * @return this builder
		 */
		public Builder httpVersion(HttpVersion version) {
			this.version = version;
			return this;
		}

		/**
		 * Trust and key material of {@code https://} servers, instead of the JVM's default.
		 * @param sslContext makes the TLS connections
		 * @param trustManager the trust manager the context was initialised with, which
		 * OkHttp also uses to clean up the certificate chains servers send
		 * @return this builder
		 */
		public Builder tls(SSLContext sslContext, X509TrustManager trustManager) {
			this.tls = new HttpConnections.Tls(sslContext.getSocketFactory(), trustManager);
			return this;
		}

		/**
		 * Trust and key material of {@code https://} servers from a Spring Boot SSL bundle,
		 * instead of the JVM's default.
		 * @param bundle its trust managers verify servers, its key managers answer a server
		 * that asks for a client certificate
		 * @return this builder
		 * @throws IllegalArgumentException when the bundle has no X.509 trust manager
		 */
		public Builder tls(SslBundle bundle) {
			X509TrustManager trustManager = HttpConnections.Tls.firstX509(bundle.getManagers().getTrustManagers())
				.orElseThrow(() -> new IllegalArgumentException("the SSL bundle has no X.509 trust manager"));
			return tls(bundle.createSslContext(), trustManager);
		}

		/**
		 * @param attemptPolicy how unary and server streaming calls are tried again after a
		 * failure, or hedged; none by default
		 * @return this builder
		 */
		public Builder attemptPolicy(AttemptPolicy attemptPolicy) {
			this.attemptPolicy = attemptPolicy;
			return this;
		}

		/**
		 * @param policies the policies of the methods that do not follow
		 * {@link #attemptPolicy(AttemptPolicy)}, by their name in the .proto file; a {@code null}
		 * policy sends that method's calls once
		 * @return this builder
		 */
		public Builder methodAttemptPolicies(Map<String, AttemptPolicy> policies) {
			this.methodAttemptPolicies = Collections.unmodifiableMap(new HashMap<>(policies));
			return this;
		}

		/**
		 * @param retryThrottling when the channel's calls stop being retried or hedged while
		 * they keep failing; never by default
		 * @return this builder
		 */
		public Builder retryThrottling(RetryThrottling retryThrottling) {
			this.retryThrottling = retryThrottling;
			return this;
		}

		/**
		 * @param maxMessageBytes the largest response message accepted unless a call sets its
		 * own limit; 4 MiB by default
		 * @return this builder
		 */
		public Builder maxInboundMessageSize(int maxMessageBytes) {
			this.maxMessageBytes = maxMessageBytes;
			return this;
		}

		/**
		 * @param httpGet whether unary methods without side effects
		 * ({@code option idempotency_level = NO_SIDE_EFFECTS}) are called with GET requests,
		 * their message in the query, so that HTTP caches can answer them; off by default, and
		 * for the Connect protocol only
		 * @return this builder
		 */
		public Builder httpGet(boolean httpGet) {
			this.httpGet = httpGet;
			return this;
		}

		/**
		 * @return a new channel
		 * @throws IllegalArgumentException when GET requests are asked of gRPC-Web
		 */
		public ConnectChannel build() {
			if (this.baseUris == null) {
				throw new IllegalStateException("a ConnectChannel needs its servers: call baseUris(...)");
			}
			return new ConnectChannel(this);
		}

	}

	private static ThreadFactory daemonThreads(String prefix) {
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + threadCount.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
