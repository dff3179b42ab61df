package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.common.util.concurrent.MoreExecutors;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.HeaderMetadata;
import dev.rpcstarter.protocol.MethodCodecs;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.InternalClientCalls;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.StreamResetException;

/**
 * One call over HTTP, in whichever {@link WireProtocol}: behaves as a call on a grpc-java
 * channel does (deadlines, cancellation, flow control, compression, metadata), so that the
 * generated stubs work unchanged.
 *
 * <p>A call whose client sends one message (unary, server streaming) sends its request on
 * the half-close, with the whole body; the others open the request at start and stream their
 * messages into it. The exchange runs with OkHttp's blocking {@link Call#execute()} on a thread
 * of the channel, or on the caller's thread for a unary call of a blocking stub, which then
 * reads the response, one message ahead of what the caller asked for at most. Listener
 * callbacks run one at a time, in order, on the call's executor; whatever ends the call, the
 * listener hears {@code onClose} exactly once and nothing after it.
 */
final class HttpClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> implements ResponseListener {

	/**
	 * How many times a request is sent again after the server refused its stream
	 * (REFUSED_STREAM), on top of the one time OkHttp sends it again itself. A server that
	 * counts a stream closed only after the client saw it end (Tomcat does, once it wrote the
	 * end of the response) may refuse the stream the client opens in its place as one beyond
	 * its limit of concurrent streams; a moment later it has counted the old one closed, so
	 * one more try nearly always gets through. A server that refuses again and again is
	 * overloaded: the call fails rather than add to its load.
	 */
	private static final int MAX_REFUSED_STREAM_RETRIES = 2;

	/** Marks the options of each copy of a hedged call: see {@link #exchangeExecutor()}. */
	static final CallOptions.Key<Boolean> HEDGED_COPY = CallOptions.Key.createWithDefault("rpc-hedged-copy", false);

	private final ConnectChannel channel;

	private final MethodDescriptor<ReqT, RespT> method;

	private final WireProtocol wire;

	private final Codec codec;

	private final MethodCodecs<ReqT, RespT> codecs;

	private final CallOptions options;

	/** The server of this call, or {@code null} when the service has no instance. */
	private final URI baseUri;

	private final Context context = Context.current();

	private final Deadline deadline;

	private final Executor callbacks;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Object demandLock = new Object();

	private final Context.CancellationListener contextCancelled = (context) -> abort(
			Contexts.statusFromCancelled(context));

	/** Messages the caller asked for and has not received. Guarded by {@link #demandLock}. */
	private long demand;

	private Listener<RespT> listener;

	/** Touched only by callbacks: the listener heard onClose, it hears nothing more. */
	private boolean listenerClosed;

	/** Where the method is called on the call's server. */
	private HttpUrl url;

	private Request.Builder request;

	/** The headers of the call's credentials, or {@code null} when it has none. */
	private CompletableFuture<Metadata> credentialHeaders;

	private boolean gzip;

	/** The one request message of a call whose client sends one. */
	private byte[] singleRequest;

	/** The request body of a call whose client streams. */
	private StreamingRequestBody streamingRequest;

	private volatile Call exchange;

	private volatile DeadlineTimer.Timeout deadlineTimer;

	HttpClientCall(ConnectChannel channel, MethodDescriptor<ReqT, RespT> method, CallOptions options, WireProtocol wire,
			Codec codec, MethodCodecs<ReqT, RespT> codecs, URI baseUri) {
		this.channel = channel;
		this.method = method;
		this.wire = wire;
		this.codec = codec;
		this.codecs = codecs;
		this.options = options;
		this.baseUri = baseUri;
		this.deadline = earliest(options.getDeadline(), this.context.getDeadline());
		this.callbacks = MoreExecutors.newSequentialExecutor(channel.executorOf(options));
	}

	private static Deadline earliest(Deadline one, Deadline other) {
		return (one == null) ? other : (other == null) ? one : one.minimum(other);
	}

	@Override
	public void start(Listener<RespT> listener, Metadata headers) {
		this.listener = listener;
		if (this.closed.get()) {
			deliverClose(Status.CANCELLED.withDescription("the call was cancelled before it started"), new Metadata());
			return;
		}
		if (!this.channel.register(this)) {
			abort(Status.UNAVAILABLE.withDescription("Channel shutdown invoked"));
			return;
		}
		if (this.baseUri == null) {
			abort(Status.UNAVAILABLE.withDescription("the service has no instance to call"));
			return;
		}
		Status refusal = checkOptions();
		if (refusal != null) {
			abort(refusal);
			return;
		}
		if (this.deadline != null) {
			long remaining = this.deadline.timeRemaining(TimeUnit.NANOSECONDS);
			if (remaining <= 0) {
				abort(deadlineExceeded());
				return;
			}
			this.deadlineTimer = this.channel.deadlines()
				.schedule(() -> abort(deadlineExceeded()), remaining, TimeUnit.NANOSECONDS);
		}
		this.context.addListener(this.contextCancelled, MoreExecutors.directExecutor());
		try {
			this.url = this.channel.urlOf(this.baseUri, this.method);
			this.request = new Request.Builder().url(this.url);
			HeaderMetadata.forEachHeader(headers, "", this.request::addHeader);
			this.credentialHeaders = CredentialHeaders.request(this.options, this.method, this.url,
					this.channel.executor());
		}
		catch (IllegalArgumentException ex) {
			abort(Status.INTERNAL.withDescription("the request cannot be made: " + ex.getMessage()));
			return;
		}
		if (!this.method.getType().clientSendsOneMessage()) {
			this.streamingRequest = new StreamingRequestBody(this.channel.replayBudget());
			send();
		}
		this.callbacks.execute(() -> {
			if (!this.listenerClosed) {
				this.listener.onReady();
			}
		});
	}

	private Status checkOptions() {
		String compressor = this.options.getCompressor();
		this.gzip = "gzip".equals(compressor);
		if (compressor != null && !this.gzip && !"identity".equals(compressor)) {
			return Status.INTERNAL.withDescription("Unable to find compressor by name " + compressor);
		}
		if (!this.codecs.supports(this.codec)) {
			return Status.INTERNAL.withDescription("the messages of " + this.method.getFullMethodName()
					+ " are not protobuf Messages, so they cannot be written as " + this.codec.subtype());
		}
		return null;
	}

	private Status deadlineExceeded() {
		return Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded: " + this.deadline);
	}

	@Override
	public void request(int numMessages) {
		synchronized (this.demandLock) {
			this.demand += numMessages;
			this.demandLock.notifyAll();
		}
	}

	@Override
	public void sendMessage(ReqT message) {
		if (this.closed.get()) {
			return;
		}
		byte[] frame;
		try {
			byte[] bytes = this.codecs.request(this.codec).encode(message);
			frame = this.wire.frame(this.gzip ? Compression.gzip(bytes) : bytes, this.gzip);
		}
		catch (RuntimeException ex) {
			abort(Status.INTERNAL.withDescription("the request message cannot be written").withCause(ex));
			return;
		}
		if (this.streamingRequest != null) {
			this.streamingRequest.send(frame);
		}
		else if (this.singleRequest == null) {
			this.singleRequest = frame;
		}
		else {
			abort(Status.INTERNAL.withDescription(this.method.getType() + " calls send exactly one request message"));
		}
	}

	@Override
	public void halfClose() {
		if (this.closed.get()) {
			return;
		}
		if (this.streamingRequest != null) {
			this.streamingRequest.halfClose();
		}
		else if (this.singleRequest == null) {
			abort(Status.INTERNAL.withDescription("the call was half-closed before its request message was sent"));
		}
		else {
			send();
		}
	}

	@Override
	public void cancel(String message, Throwable cause) {
		Status status = Status.CANCELLED
			.withDescription((message != null || cause != null) ? message : "Call cancelled without message or cause")
			.withCause(cause);
		if (this.listener == null) {
			// Not started: start() will report it.
			this.closed.set(true);
			return;
		}
		abort(status);
	}

	/**
	 * Sends the request once the call's credentials have given their headers, which may be
	 * later, on another thread; a streaming call's messages wait in its body meanwhile.
	 */
	private void send() {
		if (this.credentialHeaders == null) {
			sendNow();
			return;
		}
		this.credentialHeaders.whenComplete((headers, refusal) -> {
			if (refusal != null) {
				abort(Status.fromThrowable(refusal));
			}
			else if (!this.closed.get()) {
				HeaderMetadata.forEachHeader(headers, "", this.request::addHeader);
				sendNow();
			}
		});
	}

	private void sendNow() {
		Call exchange = newExchange();
		if (exchange != null) {
			exchangeExecutor().execute(() -> exchange(exchange));
		}
	}

	/**
	 * @return the exchange that sends the request: the streaming body, or the one message as
	 * the wire carries it; {@code null} when the deadline has passed, which ended the call
	 */
	private Call newExchange() {
		long timeoutNanos = -1;
		if (this.deadline != null) {
			timeoutNanos = this.deadline.timeRemaining(TimeUnit.NANOSECONDS);
			if (timeoutNanos <= 0) {
				abort(deadlineExceeded());
				return null;
			}
		}
		this.wire.addRequestHeaders(this.request, this.codec, timeoutNanos, this.gzip);
		Request request = (this.streamingRequest != null) ? this.request.post(this.streamingRequest).build()
				: this.wire.singleMessageRequest(this.request, this.url, this.singleRequest, this.codec, this.gzip);
		Call exchange = this.channel.newExchange(request);
		this.exchange = exchange;
		if (this.closed.get()) {
			// abort() may have missed the exchange; the reading thread then stops at once.
			exchange.cancel();
		}
		return exchange;
	}

	/**
	 * The caller's thread for a unary call of a blocking stub: the stub runs the callbacks on
	 * that thread, which only waits for them meanwhile, so running the exchange there as well
	 * saves handing the call over to a channel thread and back. A channel thread for the others,
	 * whose callers go on while the exchange runs, and for the copies of a hedged call, whose
	 * caller's thread must run the callbacks of one copy while the others are still waiting.
	 */
	private Executor exchangeExecutor() {
		boolean blockingUnary = this.method.getType() == MethodDescriptor.MethodType.UNARY
				&& InternalClientCalls.getStubType(this.options) == InternalClientCalls.StubType.BLOCKING
				&& this.options.getExecutor() != null && !this.options.getOption(HEDGED_COPY);
		return blockingUnary ? this.options.getExecutor() : this.channel.executor();
	}

	/** Runs on the thread {@link #exchangeExecutor()} gives, which it holds while the response streams. */
	private void exchange(Call exchange) {
		Response response;
		try {
			response = executeAgainWhileRefused(exchange);
		}
		catch (IOException ex) {
			if (Thread.currentThread().isInterrupted()) {
				// The caller of a blocking stub, which runs the exchange, was interrupted: the
				// call is cancelled, as when the stub is interrupted while it waits, and the
				// server is not to blame. A read from an HTTP/1.1 socket ignores interrupts: such
				// a call ends with its response or its deadline.
				abort(Status.CANCELLED.withDescription("Thread interrupted").withCause(ex));
				return;
			}
			if (!this.closed.get()) {
				this.channel.unreachable(this.baseUri);
			}
			abort(Status.UNAVAILABLE
				.withDescription("cannot call " + this.url + ": " + ex)
				.withCause(ex));
			return;
		}
		if (response == null) {
			return;
		}
		try {
			this.wire.read(response, this, this.channel.maxMessageBytes(this.options));
		}
		catch (IOException ex) {
			abort(Status.UNAVAILABLE.withDescription("the response could not be read: " + ex).withCause(ex));
		}
		catch (StatusRuntimeException ex) {
			// The protocol helpers speak as a server would ("the request is not valid");
			// a bad response is an internal error of the call, except for one that is too large.
			Status status = ex.getStatus();
			abort((status.getCode() == Status.Code.RESOURCE_EXHAUSTED) ? status
					: Status.INTERNAL.withDescription("the response is not valid: " + status.getDescription()));
		}
		catch (RuntimeException ex) {
			abort(Status.INTERNAL.withDescription("the response is not valid: " + ex).withCause(ex));
		}
		finally {
			// After abort, which cancels the exchange: OkHttp would otherwise read on to reuse
			// the connection of a response left unfinished.
			response.close();
		}
	}

	/**
	 * Executes an exchange and, while the server refuses its stream, a new one with the same
	 * request, as grpc-java retries a stream the server refused: a REFUSED_STREAM reset tells
	 * that the server did nothing with the request, so sending it again is safe for any method,
	 * and it comes before any response headers, so the listener has heard nothing yet. A new
	 * exchange goes through {@link Http2StreamLimitWait} again, so it waits for a stream like
	 * any other call, and is cancelled by the deadline and cancellation of the call.
	 *
	 * <p>A streaming body is sent again with the frames it keeps until its response begins, up
	 * to {@link StreamingRequestBody#REPLAY_LIMIT_BYTES} and within the channel's
	 * {@link ReplayBudget}; a stream that sent more than it could keep before the server refused
	 * it fails.
	 * @param exchange the first exchange
	 * @return its response or that of a later exchange, or {@code null} when the deadline passed
	 * before the request could be sent again, which ended the call
	 * @throws IOException when the last exchange failed
	 */
	private Response executeAgainWhileRefused(Call exchange) throws IOException {
		for (int retries = 0;; retries++) {
			try {
				Response response = exchange.execute();
				if (this.streamingRequest != null) {
					this.streamingRequest.responseBegan();
				}
				return response;
			}
			catch (StreamResetException ex) {
				if (ex.errorCode != ErrorCode.REFUSED_STREAM || retries == MAX_REFUSED_STREAM_RETRIES
						|| this.closed.get() || (this.streamingRequest != null && !this.streamingRequest.reopen())) {
					throw ex;
				}
			}
			exchange = newExchange();
			if (exchange == null) {
				return null;
			}
		}
	}

	@Override
	public void headers(Metadata headers) {
		if (this.closed.get()) {
			return;
		}
		this.callbacks.execute(() -> {
			if (!this.listenerClosed) {
				this.listener.onHeaders(headers);
			}
		});
	}

	@Override
	public boolean message(byte[] bytes) {
		RespT message;
		try {
			message = this.codecs.response(this.codec).decode(bytes);
		}
		catch (StatusRuntimeException ex) {
			abort(Status.INTERNAL.withDescription("a response message cannot be read: " + ex.getStatus().getDescription()));
			return false;
		}
		if (!awaitDemand()) {
			return false;
		}
		this.callbacks.execute(() -> {
			if (!this.listenerClosed) {
				this.listener.onMessage(message);
			}
		});
		return true;
	}

	private boolean awaitDemand() {
		synchronized (this.demandLock) {
			try {
				while (this.demand == 0 && !this.closed.get()) {
					this.demandLock.wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				abort(Status.CANCELLED.withDescription("the channel's reading thread was interrupted"));
			}
			if (this.closed.get()) {
				return false;
			}
			this.demand--;
			return true;
		}
	}

	/**
	 * Ends the call with the outcome its response carries. The exchange is left to end by
	 * itself, so that its connection is reused, unless the client is still sending: then it is
	 * cancelled, as when the call is aborted.
	 */
	@Override
	public void close(Status status, Metadata trailers) {
		boolean requestComplete = (this.streamingRequest == null) || this.streamingRequest.isHalfClosed();
		end(status, trailers, !requestComplete);
	}

	/**
	 * Ends the call before its response did: a cancellation, the deadline, a failure, the
	 * channel shutting down now. The exchange is cancelled if it still runs, so that the server
	 * sees the call cancelled: OkHttp resets the stream on HTTP/2 and closes the connection on
	 * HTTP/1.1.
	 * @param status why
	 */
	void abort(Status status) {
		end(status, new Metadata(), true);
	}

	/** Only the first end counts. */
	private void end(Status status, Metadata trailers, boolean cancelExchange) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		DeadlineTimer.Timeout timer = this.deadlineTimer;
		if (timer != null) {
			timer.cancel();
		}
		this.context.removeListener(this.contextCancelled);
		synchronized (this.demandLock) {
			this.demandLock.notifyAll();
		}
		Call exchange = this.exchange;
		if (cancelExchange && exchange != null) {
			// First, so that a thread blocked writing the request body lets go of it.
			exchange.cancel();
		}
		if (this.streamingRequest != null) {
			this.streamingRequest.cancel();
		}
		// Queued before the channel hears of the end, which may let it terminate and stop its threads.
		deliverClose(status, trailers);
		this.channel.unregister(this);
	}

	private void deliverClose(Status status, Metadata trailers) {
		this.callbacks.execute(() -> {
			if (!this.listenerClosed) {
				this.listenerClosed = true;
				this.listener.onClose(status, trailers);
			}
		});
	}

}
