package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
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

/**
 * One call over HTTP, in whichever {@link WireProtocol}: behaves as a call on a grpc-java
 * channel does (deadlines, cancellation, flow control, compression, metadata), so that the
 * generated stubs work unchanged.
 *
 * <p>A call whose client sends one message (unary, server streaming) sends its request on
 * the half-close, with the whole body; the others open the request at start and stream their
 * messages into it. The response is read with blocking reads on a thread of the channel, one
 * message ahead of what the caller asked for at most. Listener callbacks run one at a time, in
 * order, on the call's executor; whatever ends the call, the listener hears {@code onClose}
 * exactly once and nothing after it.
 */
final class HttpClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> implements ResponseListener {

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

	private final Context.CancellationListener contextCancelled = (context) -> close(
			Contexts.statusFromCancelled(context), new Metadata());

	/** Messages the caller asked for and has not received. Guarded by {@link #demandLock}. */
	private long demand;

	private Listener<RespT> listener;

	/** Touched only by callbacks: the listener heard onClose, it hears nothing more. */
	private boolean listenerClosed;

	private HttpRequest.Builder request;

	private boolean gzip;

	/** The one request message of a call whose client sends one. */
	private byte[] singleRequest;

	/** The request body of a call whose client streams. */
	private StreamingRequestBody streamingRequest;

	private volatile CompletableFuture<HttpResponse<InputStream>> exchange;

	private volatile InputStream responseBody;

	private volatile ScheduledFuture<?> deadlineTimer;

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
			close(Status.UNAVAILABLE.withDescription("Channel shutdown invoked"), new Metadata());
			return;
		}
		if (this.baseUri == null) {
			close(Status.UNAVAILABLE.withDescription("the service has no instance to call"), new Metadata());
			return;
		}
		Status refusal = checkOptions();
		if (refusal != null) {
			close(refusal, new Metadata());
			return;
		}
		if (this.deadline != null) {
			long remaining = this.deadline.timeRemaining(TimeUnit.NANOSECONDS);
			if (remaining <= 0) {
				close(deadlineExceeded(), new Metadata());
				return;
			}
			this.deadlineTimer = this.channel.deadlines()
				.schedule(() -> close(deadlineExceeded(), new Metadata()), remaining, TimeUnit.NANOSECONDS);
		}
		this.context.addListener(this.contextCancelled, MoreExecutors.directExecutor());
		this.request = HttpRequest.newBuilder(ConnectChannel.uriOf(this.baseUri, this.method));
		try {
			HeaderMetadata.forEachHeader(headers, "", this.request::header);
		}
		catch (IllegalArgumentException ex) {
			close(Status.INTERNAL.withDescription("metadata cannot be sent as HTTP headers: " + ex.getMessage()),
					new Metadata());
			return;
		}
		if (!this.method.getType().clientSendsOneMessage()) {
			this.streamingRequest = new StreamingRequestBody();
			send(this.streamingRequest);
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
			close(Status.INTERNAL.withDescription("the request message cannot be written").withCause(ex), new Metadata());
			return;
		}
		if (this.streamingRequest != null) {
			this.streamingRequest.send(frame);
		}
		else if (this.singleRequest == null) {
			this.singleRequest = frame;
		}
		else {
			close(Status.INTERNAL.withDescription(this.method.getType() + " calls send exactly one request message"),
					new Metadata());
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
			close(Status.INTERNAL.withDescription("the call was half-closed before its request message was sent"),
					new Metadata());
		}
		else {
			send(HttpRequest.BodyPublishers.ofByteArray(this.singleRequest));
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
		close(status, new Metadata());
	}

	private void send(HttpRequest.BodyPublisher body) {
		long timeoutNanos = -1;
		if (this.deadline != null) {
			timeoutNanos = this.deadline.timeRemaining(TimeUnit.NANOSECONDS);
			if (timeoutNanos <= 0) {
				close(deadlineExceeded(), new Metadata());
				return;
			}
		}
		this.wire.addRequestHeaders(this.request, this.codec, timeoutNanos, this.gzip);
		CompletableFuture<HttpResponse<InputStream>> sent = this.channel.http()
			.sendAsync(this.request.POST(body).build(), HttpResponse.BodyHandlers.ofInputStream());
		this.exchange = sent;
		sent.whenCompleteAsync(this::receive, this.channel.executor());
		if (this.closed.get()) {
			sent.cancel(true);
		}
	}

	/** Runs on a channel thread, which it holds while the response streams. */
	private void receive(HttpResponse<InputStream> response, Throwable failure) {
		if (failure != null) {
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
					: failure;
			if (!this.closed.get()) {
				this.channel.unreachable(this.baseUri);
			}
			close(Status.UNAVAILABLE
				.withDescription("cannot call " + ConnectChannel.uriOf(this.baseUri, this.method) + ": " + cause)
				.withCause(cause), new Metadata());
			return;
		}
		this.responseBody = response.body();
		if (this.closed.get()) {
			closeResponseBody();
			return;
		}
		try {
			this.wire.read(response, this, this.channel.maxMessageBytes(this.options));
		}
		catch (IOException ex) {
			close(Status.UNAVAILABLE.withDescription("the response could not be read: " + ex).withCause(ex),
					new Metadata());
		}
		catch (StatusRuntimeException ex) {
			// The protocol helpers speak as a server would ("the request is not valid");
			// a bad response is an internal error of the call, except for one that is too large.
			Status status = ex.getStatus();
			close((status.getCode() == Status.Code.RESOURCE_EXHAUSTED) ? status
					: Status.INTERNAL.withDescription("the response is not valid: " + status.getDescription()),
					new Metadata());
		}
		catch (RuntimeException ex) {
			close(Status.INTERNAL.withDescription("the response is not valid: " + ex).withCause(ex), new Metadata());
		}
		finally {
			closeResponseBody();
		}
	}

	@Override
	public void headers(Metadata headers) {
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
			close(Status.INTERNAL.withDescription("a response message cannot be read: " + ex.getStatus().getDescription()),
					new Metadata());
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
				close(Status.CANCELLED.withDescription("the channel's reading thread was interrupted"), new Metadata());
			}
			if (this.closed.get()) {
				return false;
			}
			this.demand--;
			return true;
		}
	}

	/**
	 * Ends the call, whatever ends it: the response's outcome, a cancellation, the deadline,
	 * a failure. Only the first one counts; it stops the HTTP exchange if it still runs, so
	 * that the server sees the call cancelled.
	 */
	@Override
	public void close(Status status, Metadata trailers) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		ScheduledFuture<?> timer = this.deadlineTimer;
		if (timer != null) {
			timer.cancel(false);
		}
		this.context.removeListener(this.contextCancelled);
		synchronized (this.demandLock) {
			this.demandLock.notifyAll();
		}
		CompletableFuture<HttpResponse<InputStream>> sent = this.exchange;
		if (sent != null) {
			sent.cancel(true);
		}
		closeResponseBody();
		this.channel.unregister(this);
		deliverClose(status, trailers);
	}

	/**
	 * Ends the call from the channel, which is shutting down now.
	 * @param status why
	 */
	void abort(Status status) {
		close(status, new Metadata());
	}

	private void deliverClose(Status status, Metadata trailers) {
		this.callbacks.execute(() -> {
			if (!this.listenerClosed) {
				this.listenerClosed = true;
				this.listener.onClose(status, trailers);
			}
		});
	}

	private void closeResponseBody() {
		InputStream body = this.responseBody;
		if (body != null) {
			try {
				body.close();
			}
			catch (IOException ex) {
				// Closing only aborts the exchange; there is nothing left to lose.
			}
		}
	}

}
