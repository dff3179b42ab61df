package dev.rpcstarter.client.connect;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.util.Durations;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.FailRequest;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import dev.rpcstarter.testservice.RequestHeadersInterceptor;
import dev.rpcstarter.testservice.TestApplication;
import dev.rpcstarter.testservice.TestServiceImpl;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.rpcstarter.client.TestCalls.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One client suite, run for every {@link Transport} against the real test server: the
 * generated stubs must behave the same whichever protocol carries their calls, native gRPC
 * being the reference.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class ClientTransportTests {

	private static final Metadata.Key<String> CLIENT_HEADER = Metadata.Key.of("x-client",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<byte[]> CLIENT_BINARY_HEADER = Metadata.Key.of("x-client-bin",
			Metadata.BINARY_BYTE_MARSHALLER);

	@LocalServerPort
	private int webPort;

	@Autowired
	private TestApplication.GrpcPort grpcPort;

	@Autowired
	private TestServiceImpl service;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unaryCallWorksWithEveryKindOfStub(Transport transport) throws Exception {
		ManagedChannel channel = open(transport);
		assertThat(TestServiceGrpc.newBlockingStub(channel).echo(echo("blocking")).getMessage()).isEqualTo("blocking");
		assertThat(TestServiceGrpc.newBlockingV2Stub(channel).echo(echo("v2")).getMessage()).isEqualTo("v2");
		assertThat(TestServiceGrpc.newFutureStub(channel).echo(echo("future")).get(5, TimeUnit.SECONDS).getMessage())
			.isEqualTo("future");
		Recorder recorder = new Recorder();
		TestServiceGrpc.newStub(channel).echo(echo("async"), recorder);
		assertThat(recorder.awaitMessages()).containsExactly("async");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unaryCallCarriesEveryFieldType(Transport transport) {
		EchoRequest request = EchoRequest.newBuilder()
			.setMessage("fields")
			.setBigNumber(Long.MAX_VALUE)
			.addTags("a")
			.addTags("b")
			.setPayload(com.google.protobuf.ByteString.copyFrom(new byte[] { 0, (byte) 0xff }))
			.putCounts("x", 3)
			.setAt(com.google.protobuf.util.Timestamps.fromMillis(1_700_000_000_123L))
			.build();
		EchoResponse response = TestServiceGrpc.newBlockingStub(open(transport)).echo(request);
		assertThat(response.toBuilder().clearIntercepted().build())
			.isEqualTo(EchoResponse.newBuilder()
				.setMessage("fields")
				.setBigNumber(Long.MAX_VALUE)
				.addTags("a")
				.addTags("b")
				.setPayload(request.getPayload())
				.putCounts("x", 3)
				.setAt(request.getAt())
				.build());
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serverStreamDeliversEveryMessageInOrder(Transport transport) {
		Iterator<EchoResponse> responses = TestServiceGrpc.newBlockingStub(open(transport))
			.serverStream(stream("tick", 3, 0, ""));
		List<String> messages = new ArrayList<>();
		responses.forEachRemaining((response) -> messages.add(response.getMessage()));
		assertThat(messages).containsExactly("tick 0", "tick 1", "tick 2");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serverStreamErrorArrivesAfterTheMessages(Transport transport) throws Exception {
		Recorder recorder = new Recorder();
		TestServiceGrpc.newStub(open(transport)).serverStream(stream("tick", 2, 0, "NOT_FOUND"), recorder);
		Status status = recorder.awaitStatus();
		assertThat(recorder.messages).containsExactly("tick 0", "tick 1");
		assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(status.getDescription()).isEqualTo("failed after 2");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void clientStreamSendsEveryMessageBeforeTheAnswer(Transport transport) throws Exception {
		Recorder recorder = new Recorder();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(open(transport)).clientStream(recorder);
		requests.onNext(echo("a"));
		requests.onNext(echo("b"));
		requests.onNext(echo("c"));
		requests.onCompleted();
		assertThat(recorder.awaitMessages()).containsExactly("a,b,c");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void bidiStreamEchoesEveryMessage(Transport transport) throws Exception {
		Recorder recorder = new Recorder();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(open(transport)).bidiStream(recorder);
		requests.onNext(echo("one"));
		requests.onNext(echo("two"));
		requests.onCompleted();
		assertThat(recorder.awaitMessages()).containsExactly("one", "two");
	}

	@ParameterizedTest
	@EnumSource(value = Transport.class, names = { "GRPC", "CONNECT_PROTO_H2C", "GRPC_WEB_PROTO_H2C" })
	void bidiStreamIsFullDuplexOverHttp2(Transport transport) throws Exception {
		// Each message is sent only once the answer to the previous one arrived; over HTTP/1.1
		// the answers come only after the half-close, so this would wait forever.
		Recorder recorder = new Recorder();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(open(transport)).bidiStream(recorder);
		for (String message : List.of("one", "two", "three")) {
			requests.onNext(echo(message));
			assertThat(recorder.awaitNext()).isEqualTo(message);
		}
		requests.onCompleted();
		assertThat(recorder.awaitMessages()).containsExactly("one", "two", "three");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void errorKeepsCodeMessageAndDetails(Transport transport) {
		FailRequest request = FailRequest.newBuilder().setCode("FAILED_PRECONDITION").setMessage("not yet").build();
		StatusRuntimeException error = catchStatus(() -> TestServiceGrpc.newBlockingStub(open(transport)).fail(request));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(error.getStatus().getDescription()).isEqualTo("not yet");
		com.google.rpc.Status details = StatusProto.fromThrowable(error);
		assertThat(details).isNotNull();
		assertThat(details.getDetailsList()).singleElement()
			.satisfies((any) -> assertThat(any.unpack(ErrorInfo.class).getReason()).isEqualTo("TEST_REASON"));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unexpectedServiceExceptionFailsWithoutLeakingItsMessage(Transport transport) {
		FailRequest request = FailRequest.newBuilder().setMessage("boom").build();
		StatusRuntimeException error = catchStatus(() -> TestServiceGrpc.newBlockingStub(open(transport)).fail(request));
		// Every port answers INTERNAL, the gRPC one through UnhandledExceptionInterceptor.
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(String.valueOf(error.getStatus().getDescription())).doesNotContain("secret internals");
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void deadlineEndsTheCallAndTheServerSeesItCancelled(Transport transport) throws Exception {
		this.service.resetSleepCancelled();
		TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(open(transport));
		long start = System.nanoTime();
		StatusRuntimeException error = catchStatus(
				() -> stub.withDeadlineAfter(300, TimeUnit.MILLISECONDS).sleep(sleep(Duration.ofSeconds(10))));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(this.service.awaitSleepCancelled(3000)).as("the service saw its context cancelled").isTrue();
	}

	/**
	 * A Connect or gRPC-Web blocking stub's unary call runs its exchange on the caller's
	 * thread; over HTTP/2 an interrupt still cancels it, as on grpc-java's channel. (A read from
	 * an HTTP/1.1 socket ignores interrupts.)
	 */
	@ParameterizedTest
	@EnumSource(names = { "GRPC", "CONNECT_PROTO_H2C", "GRPC_WEB_PROTO_H2C" })
	void interruptCancelsABlockingCall(Transport transport) throws Exception {
		TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(open(transport));
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			try {
				stub.sleep(sleep(Duration.ofSeconds(10)));
			}
			catch (Throwable ex) {
				outcome.set(ex);
			}
		});
		caller.start();
		Thread.sleep(300);
		caller.interrupt();
		caller.join(3000);
		assertThat(caller.isAlive()).isFalse();
		assertThat(outcome.get()).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));
	}

	/**
	 * A call cancelled while its service waits without writing: over HTTP/2 Tomcat hands the
	 * stream's reset to the call at once when the service answers from a thread of its own,
	 * and so does the gRPC port. (A service that waits on the request thread hears of it
	 * only when it returns, and over HTTP/1.1 only when it answers: see protocols.md.)
	 */
	@ParameterizedTest
	@EnumSource(names = { "GRPC", "CONNECT_PROTO_H2C", "GRPC_WEB_PROTO_H2C" })
	void cancellingAWaitingCallOverHttp2CancelsTheServiceContext(Transport transport) throws Exception {
		this.service.resetSleepCancelled();
		SleepRequest request = sleep(Duration.ofSeconds(20)).toBuilder().setAnswerFromOwnThread(true).build();
		ListenableFuture<EchoResponse> call = TestServiceGrpc.newFutureStub(open(transport)).sleep(request);
		Thread.sleep(500); // the service is waiting by then
		call.cancel(true);
		assertThat(this.service.awaitSleepCancelled(3000)).as("the service saw its context cancelled").isTrue();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void expiredDeadlineFailsWithoutCallingTheServer(Transport transport) {
		TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(open(transport));
		stub.echo(echo("warm up"));
		int callsBefore = CallRecordingInterceptor.count();
		StatusRuntimeException error = catchStatus(
				() -> stub.withDeadlineAfter(-1, TimeUnit.MILLISECONDS).echo(echo("too late")));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(CallRecordingInterceptor.count()).isEqualTo(callsBefore);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void metadataTravelsBothWays(Transport transport) {
		Metadata sent = new Metadata();
		sent.put(CLIENT_HEADER, "ascii value");
		sent.put(CLIENT_BINARY_HEADER, "bytes\u0000\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		AtomicReference<Metadata> headers = new AtomicReference<>();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		EchoResponse response = TestServiceGrpc.newBlockingStub(open(transport))
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(sent),
					MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
			.echo(EchoRequest.newBuilder().setMessage("meta").addEchoHeaders("x-client").build());
		assertThat(response.getHeadersMap()).containsEntry("x-client", "ascii value");
		assertThat(headers.get().get(RequestHeadersInterceptor.SERVED_BY)).isEqualTo("test-service");
		assertThat(trailers.get().get(RequestHeadersInterceptor.TRAILER)).isEqualTo("done");
		int port = (transport == Transport.GRPC) ? this.grpcPort.get() : this.webPort;
		assertThat(headers.get().get(RequestHeadersInterceptor.AUTHORITY)).as("the authority the service saw")
			.isEqualTo("localhost:" + port);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void binaryMetadataArrivesIntact(Transport transport) {
		byte[] value = { 0, 1, (byte) 0xfe, (byte) 0xff, 'x' };
		Metadata sent = new Metadata();
		sent.put(CLIENT_BINARY_HEADER, value);
		// The service echoes a binary header as a string of its bytes, read as the platform charset.
		EchoResponse response = TestServiceGrpc.newBlockingStub(open(transport))
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(sent))
			.echo(EchoRequest.newBuilder().addEchoHeaders("x-client-bin").build());
		assertThat(response.getHeadersMap()).containsEntry("x-client-bin", new String(value));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void callCredentialsAddTheirHeadersEvenWhenTheyAnswerLater(Transport transport) throws Exception {
		TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(open(transport));

		EchoResponse unary = stub.withCallCredentials(new LateCredentials("token"))
			.echo(EchoRequest.newBuilder().setMessage("credentials").addEchoHeaders("x-client").build());
		Iterator<EchoResponse> served = stub.withCallCredentials(new LateCredentials("streamed"))
			.serverStream(stream("tick", 2, 0, ""));
		// The client's messages go out before its credentials answer; they wait for them.
		Recorder joined = new Recorder();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(open(transport))
			.withCallCredentials(new LateCredentials("client streamed"))
			.clientStream(joined);
		requests.onNext(echo("a"));
		requests.onNext(echo("b"));
		requests.onCompleted();

		assertThat(unary.getHeadersMap()).containsEntry("x-client", "token");
		assertThat(served.next().getMessage()).isEqualTo("tick 0");
		assertThat(served.next().getMessage()).isEqualTo("tick 1");
		assertThat(joined.awaitMessages()).containsExactly("a,b");
		assertThat(LateCredentials.levels).as("security level the credentials saw").containsOnly(SecurityLevel.NONE);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void refusingCredentialsEndTheCallWithTheirStatusWithoutCallingTheServer(Transport transport) {
		TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(open(transport));
		stub.echo(echo("warm up"));
		int callsBefore = CallRecordingInterceptor.count();
		CallCredentials refusing = new CallCredentials() {
			@Override
			public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
				executor.execute(() -> applier.fail(Status.UNAUTHENTICATED.withDescription("no token today")));
			}
		};
		StatusRuntimeException error = catchStatus(() -> stub.withCallCredentials(refusing).echo(echo("refused")));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(error.getStatus().getDescription()).isEqualTo("no token today");
		assertThat(CallRecordingInterceptor.count()).isEqualTo(callsBefore);
	}

	/**
	 * Over h2c on Tomcat's blocking HTTP/2 reader, the starter's default, the transports on
	 * OkHttp stalled here until their whole-frame output ({@link WholeFrameOutputStream}).
	 */
	@ParameterizedTest
	@EnumSource(Transport.class)
	void largeRequestsArriveWholeAloneAndManyAtOnce(Transport transport) throws Exception {
		LargeRequests.arriveWholeAloneAndManyAtOnce(open(transport));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void gzipRequestsAndResponsesRoundTrip(Transport transport) throws Exception {
		String large = "zip ".repeat(2000);
		ManagedChannel channel = open(transport);
		assertThat(TestServiceGrpc.newBlockingStub(channel).withCompression("gzip").echo(echo(large)).getMessage())
			.isEqualTo(large);
		Recorder recorder = new Recorder();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(channel).withCompression("gzip")
			.bidiStream(recorder);
		requests.onNext(echo(large));
		requests.onCompleted();
		assertThat(recorder.awaitMessages()).containsExactly(large);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void cancellingMidStreamStopsTheServer(Transport transport) throws Exception {
		this.service.resetStreamCancelled();
		CompletableFuture<Status> closed = new CompletableFuture<>();
		List<String> received = new CopyOnWriteArrayList<>();
		TestServiceGrpc.newStub(open(transport)).serverStream(stream("slow", 200, 20, ""),
				new ClientResponseObserver<StreamRequest, EchoResponse>() {

					private ClientCallStreamObserver<StreamRequest> call;

					@Override
					public void beforeStart(ClientCallStreamObserver<StreamRequest> call) {
						this.call = call;
					}

					@Override
					public void onNext(EchoResponse value) {
						received.add(value.getMessage());
						if (received.size() == 2) {
							this.call.cancel("enough", null);
						}
					}

					@Override
					public void onError(Throwable error) {
						closed.complete(Status.fromThrowable(error));
					}

					@Override
					public void onCompleted() {
						closed.complete(Status.OK);
					}
				});
		assertThat(closed.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
		assertThat(received).hasSize(2);
		assertThat(this.service.awaitStreamCancelled(5000)).as("the service saw its context cancelled").isTrue();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void responsesWaitUntilTheCallerAsksForThem(Transport transport) throws Exception {
		ClientCall<StreamRequest, EchoResponse> call = open(transport).newCall(TestServiceGrpc.getServerStreamMethod(),
				CallOptions.DEFAULT);
		LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
		call.start(new ClientCall.Listener<>() {
			@Override
			public void onMessage(EchoResponse message) {
				events.add(message.getMessage());
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				events.add(status.getCode());
			}
		}, new Metadata());
		call.request(1);
		call.sendMessage(stream("flow", 3, 0, ""));
		call.halfClose();
		assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("flow 0");
		assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("nothing more before request(n)").isNull();
		call.request(5);
		assertThat(List.of(events.poll(5, TimeUnit.SECONDS), events.poll(5, TimeUnit.SECONDS),
				events.poll(5, TimeUnit.SECONDS)))
			.containsExactly("flow 1", "flow 2", Status.Code.OK);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void serverThatIsDownIsUnavailableQuickly(Transport transport) throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ManagedChannel channel = transport.channel(closedPort, closedPort);
		this.channels.add(channel);
		long start = System.nanoTime();
		StatusRuntimeException error = catchStatus(() -> TestServiceGrpc.newBlockingStub(channel).echo(echo("anyone?")));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void unknownMethodIsUnimplemented(Transport transport) {
		io.grpc.MethodDescriptor<EchoRequest, EchoResponse> missing = TestServiceGrpc.getEchoMethod()
			.toBuilder()
			.setFullMethodName("rpcstarter.test.v1.TestService/Missing")
			.build();
		StatusRuntimeException error = catchStatus(() -> io.grpc.stub.ClientCalls
			.blockingUnaryCall(open(transport), missing, CallOptions.DEFAULT, echo("?")));
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	private ManagedChannel open(Transport transport) {
		ManagedChannel channel = transport.channel(this.grpcPort.get(), this.webPort);
		this.channels.add(channel);
		return channel;
	}

	private static StatusRuntimeException catchStatus(Runnable call) {
		AtomicReference<StatusRuntimeException> caught = new AtomicReference<>();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run).satisfies(caught::set);
		return caught.get();
	}

	private static SleepRequest sleep(Duration duration) {
		return SleepRequest.newBuilder().setDuration(Durations.fromNanos(duration.toNanos())).build();
	}

	private static StreamRequest stream(String message, int count, int intervalMillis, String failCode) {
		return StreamRequest.newBuilder()
			.setMessage(message)
			.setCount(count)
			.setInterval(Durations.fromMillis(intervalMillis))
			.setFailCode(failCode)
			.build();
	}

	/** Records what an async stub call delivers. */
	private static final class Recorder implements StreamObserver<EchoResponse> {

		final List<String> messages = new CopyOnWriteArrayList<>();

		private final LinkedBlockingQueue<String> arrivals = new LinkedBlockingQueue<>();

		private final CompletableFuture<Status> status = new CompletableFuture<>();

		private final CountDownLatch done = new CountDownLatch(1);

		@Override
		public void onNext(EchoResponse value) {
			this.messages.add(value.getMessage());
			this.arrivals.add(value.getMessage());
		}

		@Override
		public void onError(Throwable error) {
			this.status.complete(Status.fromThrowable(error));
			this.done.countDown();
		}

		@Override
		public void onCompleted() {
			this.status.complete(Status.OK);
			this.done.countDown();
		}

		String awaitNext() throws InterruptedException {
			String message = this.arrivals.poll(5, TimeUnit.SECONDS);
			assertThat(message).as("a message within 5s").isNotNull();
			return message;
		}

		Status awaitStatus() throws Exception {
			return this.status.get(5, TimeUnit.SECONDS);
		}

		List<String> awaitMessages() throws Exception {
			Status outcome = awaitStatus();
			assertThat(outcome.isOk()).as("call ended with %s", outcome).isTrue();
			return this.messages;
		}

	}

	/**
	 * Credentials that answer from another thread a little later, as ones that fetch a token
	 * do, with the {@code x-client} header.
	 */
	private static final class LateCredentials extends CallCredentials {

		static final Set<SecurityLevel> levels = ConcurrentHashMap.newKeySet();

		private final String value;

		LateCredentials(String value) {
			this.value = value;
		}

		@Override
		public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
			levels.add(info.getSecurityLevel());
			CompletableFuture.runAsync(() -> {
				Metadata headers = new Metadata();
				headers.put(CLIENT_HEADER, this.value);
				applier.apply(headers);
			}, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
		}

	}

}
