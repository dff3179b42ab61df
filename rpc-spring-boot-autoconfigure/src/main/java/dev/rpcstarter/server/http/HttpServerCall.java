package dev.rpcstarter.server.http;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.google.common.util.concurrent.MoreExecutors;
import dev.rpcstarter.protocol.MessageCodec;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A gRPC {@link ServerCall} whose messages arrive and leave over an HTTP protocol.
 *
 * <p>Calling {@link ServerCallHandler#startCall} directly puts this class in the place of
 * grpc-java's {@code ServerImpl}, so it takes on that class's duties: it runs the call inside a
 * {@link Context} that carries the deadline and is cancelled when the call ends or the client
 * goes away; it delivers listener events one at a time, each inside that context and, on
 * threads other than the request's, with the request thread's thread-locals
 * ({@link RequestThreadLocals}), which grpc-java's transport does not have; it delivers
 * request messages only as the service {@linkplain #request asks for them}; it closes the call
 * exactly once, with an error when the service or a listener throws; and it turns a listener
 * that never answers into a deadline error rather than a hung request.
 *
 * @param <ReqT> the request message type
 * @param <RespT> the response message type
 */
final class HttpServerCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {

	private static final Log logger = LogFactory.getLog(HttpServerCall.class);

	private final MethodDescriptor<ReqT, RespT> method;

	private final MessageCodec<ReqT> requests;

	private final CallResponse<RespT> response;

	private final Context.CancellableContext context;

	private final CallTracers tracers;

	private final Executor events;

	private final OpenCalls openCalls;

	private final TransportAttributes attributes;

	private final String authority;

	private final SecurityLevel securityLevel;

	/** Runs the answer of a call whose deadline passed: see {@link DeadlineAnswers}. */
	private final Executor deadlineAnswer;

	/** What the service's callbacks on other threads find in thread-locals. */
	private final RequestThreadLocals requestThreadLocals;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean cancelled;

	/** The service has sent headers or a message: too late to choose a compressor. */
	private volatile boolean headersSent;

	/** The thread running a listener callback, while one runs. */
	private volatile Thread callbackThread;

	/** Read and written only by tasks on {@link #events}. */
	private Listener<ReqT> listener = new Listener<>() {
	};

	/** Requests received but not yet delivered, guarded by {@code this}. */
	private final Queue<byte[]> inbound = new ArrayDeque<>();

	private int demand;

	/** Request messages received so far, guarded by {@code this}. */
	private int received;

	private boolean halfClosed;

	private boolean halfCloseDelivered;

	/** Runs when the message that waited for the service is delivered. */
	private volatile Runnable roomListener = () -> {
	};

	HttpServerCall(MethodDescriptor<ReqT, RespT> method, MessageCodec<ReqT> requests, CallResponse<RespT> response,
			Context.CancellableContext context, CallTracers tracers, TransportAttributes attributes, String authority,
			boolean secure, OpenCalls openCalls, Executor deadlineAnswer, RequestThreadLocals requestThreadLocals) {
		this.method = method;
		this.requests = requests;
		this.response = response;
		this.context = context;
		this.tracers = tracers;
		this.events = new SerialExecutor(MoreExecutors.directExecutor());
		this.attributes = attributes;
		this.authority = authority;
		this.openCalls = openCalls;
		this.deadlineAnswer = deadlineAnswer;
		this.requestThreadLocals = requestThreadLocals;
		// Interceptors (net.devh's security among them) may refuse credentials sent in clear.
		this.securityLevel = secure ? SecurityLevel.PRIVACY_AND_INTEGRITY : SecurityLevel.NONE;
	}

	/**
	 * Starts the call: the handler (with its interceptors) sees the request headers.
	 * @param handler the method's handler
	 * @param headers the request headers as metadata
	 */
	void start(ServerCallHandler<ReqT, RespT> handler, Metadata headers) {
		this.response.attach(this);
		this.tracers.callStarted(this);
		this.events.execute(() -> {
			if (!this.closed.get()) {
				guarded(() -> this.listener = handler.startCall(this, headers));
			}
		});
		// Only a deadline cancels the context from outside the call, so a call without one needs
		// no listener. Registered after the start task so that a deadline that has already
		// passed cancels a call whose listener exists.
		if (this.context.getDeadline() != null) {
			this.context.addListener((ctx) -> onContextCancelled(), MoreExecutors.directExecutor());
		}
	}

	/**
	 * Hands over one request message as received, decoded only when the service asks for it.
	 * @param message the encoded message
	 */
	void receiveMessage(byte[] message) {
		boolean tooMany;
		synchronized (this) {
			tooMany = ++this.received > 1 && this.method.getType().clientSendsOneMessage();
			if (!tooMany) {
				this.inbound.add(message);
			}
		}
		if (tooMany) {
			cancel(wrongRequestCount("more than one"));
			return;
		}
		deliverInbound();
	}

	/**
	 * Whether the call can take another request message without holding more than one that
	 * the service has not asked for yet: the reader of a request stream reads the next one
	 * only then, so a service that asks for messages slowly slows the client down instead of
	 * filling memory.
	 * @return whether no received message waits for the service
	 */
	synchronized boolean hasRoomForMessage() {
		return this.inbound.isEmpty();
	}

	/**
	 * Sets what runs when the service takes the message that waited, so that reading resumes.
	 * @param roomListener what to run, on the thread that delivers the message
	 */
	void onRoomForMessage(Runnable roomListener) {
		this.roomListener = roomListener;
	}

	/**
	 * Runs a task once the call has closed, however it closed, or at once if it has: frees
	 * what reading its request holds, though the reader may wait for bytes that never come.
	 * @param task what to run, on the thread that closes the call
	 */
	void whenClosed(Runnable task) {
		this.context.addListener((context) -> task.run(), MoreExecutors.directExecutor());
	}

	/**
	 * Whether the call still takes request messages.
	 * @return {@code false} once it is closed
	 */
	boolean wantsMessages() {
		return !this.closed.get();
	}

	/**
	 * Whether the current thread is running one of this call's listener callbacks: the
	 * response may then hold back flushes until {@link CallResponse#callbackReturned}.
	 * @return whether a callback of this call runs on the current thread
	 */
	boolean inCallback() {
		return this.callbackThread == Thread.currentThread();
	}

	/** Tells the service that it may send again: the transport has drained what it held. */
	void notifyReady() {
		this.events.execute(() -> guarded(() -> this.listener.onReady()));
	}

	/** Tells the call that the client will send no more messages. */
	void receiveHalfClose() {
		boolean none;
		synchronized (this) {
			this.halfClosed = true;
			none = this.received == 0 && this.method.getType().clientSendsOneMessage();
		}
		if (none) {
			cancel(wrongRequestCount("no"));
			return;
		}
		deliverInbound();
	}

	/**
	 * A unary or server-streaming call whose client sent another number of request messages
	 * than one. Checked here, where the messages are counted, rather than left to grpc-java's
	 * handlers, which answer {@code INTERNAL}: the Connect conformance suite's "unexpected
	 * requests" cases expect {@code UNIMPLEMENTED} on Connect, gRPC and gRPC-Web alike, since
	 * such a client calls the method as if it had another shape.
	 */
	private Status wrongRequestCount(String count) {
		return Status.UNIMPLEMENTED.withDescription(this.method.getType().name().toLowerCase(Locale.ROOT)
				.replace('_', ' ') + " method " + this.method.getFullMethodName() + " got " + count
				+ " request message; it takes exactly one");
	}

	@Override
	public void request(int numMessages) {
		synchronized (this) {
			this.demand = (int) Math.min(Integer.MAX_VALUE, (long) this.demand + numMessages);
		}
		deliverInbound();
	}

	@Override
	public void setCompression(String compressor) {
		if (this.headersSent) {
			throw new IllegalStateException("setCompression must be called before the call sends headers or messages");
		}
		this.response.compression().useCompressor(compressor);
	}

	@Override
	public void setMessageCompression(boolean enabled) {
		this.response.compression().setMessageCompression(enabled);
	}

	@Override
	public void sendHeaders(Metadata headers) {
		this.headersSent = true;
		if (!this.closed.get()) {
			this.response.sendHeaders(headers);
		}
	}

	@Override
	public void sendMessage(RespT message) {
		if (this.closed.get()) {
			if (this.cancelled) {
				return; // the client no longer listens; grpc-java drops such messages too
			}
			throw new IllegalStateException("call already closed");
		}
		this.headersSent = true;
		this.response.sendMessage(message);
		this.tracers.outboundMessage(message);
	}

	@Override
	public void close(Status status, Metadata trailers) {
		if (!this.closed.compareAndSet(false, true)) {
			if (this.cancelled) {
				return;
			}
			throw new IllegalStateException("call already closed");
		}
		this.response.close(status, trailers);
		this.tracers.streamClosed(status);
		this.events.execute(() -> inContext(() -> this.listener.onComplete()));
		this.context.cancel(null);
		this.openCalls.ended(this);
	}

	@Override
	public boolean isReady() {
		return !this.closed.get() && this.response.isReady();
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	@Override
	public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
		return this.method;
	}

	@Override
	public Attributes getAttributes() {
		return this.attributes.get();
	}

	@Override
	public String getAuthority() {
		return this.authority;
	}

	@Override
	public SecurityLevel getSecurityLevel() {
		return this.securityLevel;
	}

	private void onContextCancelled() {
		if (this.context.cancellationCause() instanceof TimeoutException) {
			cancel(Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded before the call completed"),
					this.deadlineAnswer);
		}
	}

	/**
	 * Ends the call with an error that the service did not choose (the client went away, the
	 * request could not be read, the deadline passed, the service threw) and tells the
	 * service. Does nothing once the call is closed.
	 * @param status why the call ends
	 */
	void cancel(Status status) {
		cancel(status, MoreExecutors.directExecutor());
	}

	private void cancel(Status status, Executor answer) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.cancelled = true;
		answer.execute(() -> this.response.close(status, new Metadata()));
		this.tracers.streamClosed(status);
		this.events.execute(() -> inContext(() -> this.listener.onCancel()));
		this.context.cancel(status.asException());
		this.openCalls.ended(this);
	}

	private void deliverInbound() {
		this.events.execute(this::drainInbound);
	}

	/** Runs on {@link #events}: delivers what has been both received and requested. */
	private void drainInbound() {
		while (!this.closed.get()) {
			byte[] next;
			synchronized (this) {
				if (this.demand > 0 && !this.inbound.isEmpty()) {
					this.demand--;
					next = this.inbound.poll();
				}
				else if (this.inbound.isEmpty() && this.halfClosed && !this.halfCloseDelivered) {
					this.halfCloseDelivered = true;
					next = null;
				}
				else {
					return;
				}
			}
			if (next == null) {
				notifyListener(Listener::onHalfClose);
			}
			else {
				this.roomListener.run();
				deliverMessage(next);
			}
		}
	}

	private void deliverMessage(byte[] bytes) {
		ReqT message;
		try {
			message = this.requests.decode(bytes);
		}
		catch (StatusRuntimeException ex) {
			cancel(ex.getStatus());
			return;
		}
		this.tracers.inboundMessage(message);
		notifyListener((listener) -> listener.onMessage(message));
	}

	private void notifyListener(Consumer<Listener<ReqT>> event) {
		guarded(() -> event.accept(this.listener));
	}

	/** Runs service code in the call's context; whatever it throws ends the call. */
	private void guarded(Runnable serviceCode) {
		inContext(() -> {
			try {
				serviceCode.run();
			}
			catch (RuntimeException | Error ex) {
				cancel(statusOfFailure(ex));
			}
		});
	}

	private void inContext(Runnable task) {
		Context previous = this.context.attach();
		this.callbackThread = Thread.currentThread();
		try {
			this.requestThreadLocals.run(task);
		}
		finally {
			this.callbackThread = null;
			this.context.detach(previous);
			this.response.callbackReturned();
		}
	}

	/**
	 * The status for an exception that escaped the service. A status exception keeps its code
	 * and message; anything else is {@code INTERNAL} without its message, which may hold details
	 * the caller must not see, and is logged here instead.
	 */
	private Status statusOfFailure(Throwable failure) {
		if (failure instanceof StatusRuntimeException || failure instanceof StatusException) {
			return Status.fromThrowable(failure);
		}
		logger.error("Call to " + this.method.getFullMethodName() + " failed", failure);
		return Status.INTERNAL.withDescription("internal error");
	}

}
