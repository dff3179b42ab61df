package dev.rpcstarter.testservice;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.RpcService;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.FailRequest;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The service that the starter's tests serve over every protocol. Request headers reach it
 * through {@link RequestHeadersInterceptor}, which copies them into the call's context.
 */
@RpcService
public class TestServiceImpl extends TestServiceGrpc.TestServiceImplBase {

	/** The trailer in which a failure asks the client to wait before a retry, or not to retry. */
	private static final Metadata.Key<String> RETRY_PUSHBACK_MS = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	/** Counted down when a Sleep call sees its context cancelled. */
	private volatile CountDownLatch sleepCancelled = new CountDownLatch(1);

	/** Sleep calls that saw their context cancelled, since the service started. */
	private final AtomicInteger sleepsCancelled = new AtomicInteger();

	/**
	 * Sleep calls the service was invoked for, since it started: fewer than the calls the
	 * server started, since a call cancelled before its request arrived never reaches it.
	 */
	private final AtomicInteger sleepsStarted = new AtomicInteger();

	/** Counted down when a ServerStream call stops because its context was cancelled. */
	private volatile CountDownLatch streamCancelled = new CountDownLatch(1);

	/** The keys of the Sleep calls that slept, of those that sleep only once. */
	private final Set<String> slowOnceKeys = ConcurrentHashMap.newKeySet();

	private final AtomicInteger streamMessagesSent = new AtomicInteger();

	private final Semaphore waitingStreamReleases = new Semaphore(0);

	@Override
	public void echo(EchoRequest request, StreamObserver<EchoResponse> response) {
		response.onNext(echoOf(request));
		response.onCompleted();
	}

	@Override
	public void lookup(EchoRequest request, StreamObserver<EchoResponse> response) {
		echo(request, response);
	}

	@Override
	public void fail(FailRequest request, StreamObserver<EchoResponse> response) {
		if (request.getCode().isEmpty()) {
			throw new IllegalStateException("secret internals: " + request.getMessage());
		}
		Status.Code code = Status.Code.valueOf(request.getCode());
		com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
			.setCode(code.value())
			.setMessage(request.getMessage())
			.addDetails(Any.pack(ErrorInfo.newBuilder().setReason("TEST_REASON").setDomain("rpcstarter.dev").build()))
			.build();
		Metadata trailers = new Metadata();
		if (!request.getRetryPushbackMs().isEmpty()) {
			trailers.put(RETRY_PUSHBACK_MS, request.getRetryPushbackMs());
		}
		response.onError(StatusProto.toStatusRuntimeException(status, trailers));
	}

	@Override
	public void sleep(SleepRequest request, StreamObserver<EchoResponse> response) {
		this.sleepsStarted.incrementAndGet();
		if (request.getAnswerFromOwnThread()) {
			Thread sleeper = new Thread(Context.current().wrap(() -> sleepAndAnswer(request, response)), "test-sleeper");
			sleeper.setDaemon(true);
			sleeper.start();
		}
		else {
			sleepAndAnswer(request, response);
		}
	}

	private void sleepAndAnswer(SleepRequest request, StreamObserver<EchoResponse> response) {
		boolean sleeps = request.getSlowOnceKey().isEmpty() || this.slowOnceKeys.add(request.getSlowOnceKey());
		long millis = !sleeps ? 0
				: request.getDuration().getSeconds() * 1000 + request.getDuration().getNanos() / 1_000_000;
		Context context = Context.current();
		CountDownLatch cancelled = new CountDownLatch(1);
		context.addListener((ctx) -> cancelled.countDown(), Runnable::run);
		try {
			if (cancelled.await(millis, TimeUnit.MILLISECONDS)) {
				this.sleepsCancelled.incrementAndGet();
				this.sleepCancelled.countDown();
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		response.onNext(EchoResponse.newBuilder().setMessage("slept").build());
		response.onCompleted();
	}

	@Override
	public void forget(EchoRequest request, StreamObserver<EchoResponse> response) {
		response.onCompleted();
	}

	@Override
	public void serverStream(StreamRequest request, StreamObserver<EchoResponse> response) {
		// The caller may cancel between the loop's check of the context and a send: the send is
		// then dropped rather than thrown at the sender, and the loop ends at its next check.
		((ServerCallStreamObserver<EchoResponse>) response).setOnCancelHandler(() -> {
		});
		if (request.getSendFromOwnThread()) {
			Context context = Context.current();
			Thread sender = new Thread(context.wrap(() -> stream(request, response)), "test-stream-sender");
			sender.setDaemon(true);
			sender.start();
		}
		else {
			stream(request, response);
		}
	}

	private void stream(StreamRequest request, StreamObserver<EchoResponse> response) {
		long intervalMillis = request.getInterval().getSeconds() * 1000 + request.getInterval().getNanos() / 1_000_000;
		ByteString padding = ByteString.copyFrom(new byte[request.getPayloadSize()]);
		this.streamMessagesSent.set(0);
		for (int i = 0; i < request.getCount(); i++) {
			if (Context.current().isCancelled()) {
				this.streamCancelled.countDown();
				return;
			}
			response.onNext(EchoResponse.newBuilder().setMessage(request.getMessage() + " " + i).setPayload(padding).build());
			this.streamMessagesSent.incrementAndGet();
			if (i == 0 && request.getWaitAfterFirst()) {
				awaitRelease();
			}
			pause(intervalMillis);
		}
		if (!request.getFailCode().isEmpty()) {
			response.onError(Status.fromCode(Status.Code.valueOf(request.getFailCode()))
				.withDescription("failed after " + request.getCount())
				.asRuntimeException());
			return;
		}
		response.onCompleted();
	}

	@Override
	public StreamObserver<EchoRequest> clientStream(StreamObserver<EchoResponse> response) {
		StringBuilder joined = new StringBuilder();
		return new StreamObserver<>() {

			private Status failure;

			@Override
			public void onNext(EchoRequest request) {
				Status asked = failureAskedFor(request);
				if (asked != null) {
					this.failure = asked;
					return;
				}
				joined.append(joined.isEmpty() ? "" : ",").append(request.getMessage());
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				if (this.failure != null) {
					// Long messages are counted, not repeated: the description travels in a header.
					String received = (joined.length() <= 100) ? joined.toString() : joined.length() + " characters";
					response.onError(this.failure.withDescription("failed after " + received).asRuntimeException());
					return;
				}
				response.onNext(EchoResponse.newBuilder().setMessage(joined.toString()).build());
				response.onCompleted();
			}
		};
	}

	@Override
	public StreamObserver<EchoRequest> bidiStream(StreamObserver<EchoResponse> response) {
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoRequest request) {
				Status asked = failureAskedFor(request);
				if (asked != null) {
					response.onError(asked.withDescription("failed as asked").asRuntimeException(pushbackAskedFor(request)));
					return;
				}
				response.onNext(echoOf(request));
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				response.onCompleted();
			}
		};
	}

	/** Lets one stream that waits after its first message go on. */
	public void releaseWaitingStream() {
		this.waitingStreamReleases.release();
	}

	private void awaitRelease() {
		try {
			this.waitingStreamReleases.tryAcquire(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pause(long millis) {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits until a ServerStream call has stopped because its context was cancelled.
	 * @param timeoutMillis how long to wait
	 * @return whether it happened in time
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitStreamCancelled(long timeoutMillis) throws InterruptedException {
		return this.streamCancelled.await(timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * How many messages the latest ServerStream call has handed to its stream.
	 * @return the count
	 */
	public int streamMessagesSent() {
		return this.streamMessagesSent.get();
	}

	/** Forgets earlier stream cancellations. */
	public void resetStreamCancelled() {
		this.streamCancelled = new CountDownLatch(1);
	}

	/**
	 * Waits until a Sleep call has seen its context cancelled.
	 * @param timeoutMillis how long to wait
	 * @return whether it happened in time
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitSleepCancelled(long timeoutMillis) throws InterruptedException {
		return this.sleepCancelled.await(timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * @return how many Sleep calls saw their context cancelled since the service started
	 */
	public int sleepsCancelled() {
		return this.sleepsCancelled.get();
	}

	/**
	 * @return how many Sleep calls the service was invoked for since it started
	 */
	public int sleepsStarted() {
		return this.sleepsStarted.get();
	}

	/** Forgets earlier Sleep cancellations. */
	public void resetSleepCancelled() {
		this.sleepCancelled = new CountDownLatch(1);
	}

	/** Every value of a repeated header, comma-joined as HTTP joins them; {@code null} for none. */
	private static String joined(Iterable<String> values) {
		return (values != null) ? String.join(",", values) : null;
	}

	private static EchoResponse echoOf(EchoRequest request) {
		EchoResponse.Builder echo = EchoResponse.newBuilder()
			.setMessage(request.getMessage())
			.setBigNumber(request.getBigNumber())
			.addAllTags(request.getTagsList())
			.setColor(request.getColor())
			.setPayload(request.getPayload())
			.putAllCounts(request.getCountsMap());
		if (request.hasAt()) {
			echo.setAt(request.getAt());
		}
		Metadata headers = RequestHeadersInterceptor.HEADERS.get();
		for (String name : request.getEchoHeadersList()) {
			String value = name.endsWith(Metadata.BINARY_HEADER_SUFFIX)
					? new String(headers.get(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER)))
					: joined(headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
			if (value != null) {
				echo.putAllHeaders(Map.of(name, value));
			}
		}
		echo.setIntercepted(CallRecordingInterceptor.count());
		return echo.build();
	}

	/**
	 * The failure a streaming request asks for with a message {@code fail:<CODE>}, such as
	 * {@code fail:UNAVAILABLE}, or {@code null}.
	 */
	private static Status failureAskedFor(EchoRequest request) {
		String message = request.getMessage();
		return message.startsWith("fail:") ? Status.fromCode(Status.Code.valueOf(message.substring(5))) : null;
	}

	/**
	 * The trailers of a failure asked for, with the retry pushback that its message's tag
	 * {@code retry-pushback-ms=<MS>} asks for, if any.
	 */
	private static Metadata pushbackAskedFor(EchoRequest request) {
		Metadata trailers = new Metadata();
		request.getTagsList()
			.stream()
			.filter((tag) -> tag.startsWith("retry-pushback-ms="))
			.forEach((tag) -> trailers.put(RETRY_PUSHBACK_MS, tag.substring("retry-pushback-ms=".length())));
		return trailers;
	}

}
