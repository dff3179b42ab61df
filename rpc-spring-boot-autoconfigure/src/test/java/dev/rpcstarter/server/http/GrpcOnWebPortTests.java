package dev.rpcstarter.server.http;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.FailRequest;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.RequestHeadersInterceptor;
import dev.rpcstarter.testservice.TestApplication;
import dev.rpcstarter.testservice.TestServiceImpl;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.apache.coyote.http2.Http2Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import static dev.rpcstarter.client.TestCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Native gRPC on the web server's port (Tomcat with h2c), called by grpc-java's own Netty
 * client: one port can serve gRPC, gRPC-Web and Connect. Tomcat runs with an HTTP/2 window
 * ({@code rpc.http.http2-initial-window-size}) far smaller than its default, which every call
 * here lives with and large requests need many round trips of.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true",
				"rpc.http.http2-initial-window-size=" + GrpcOnWebPortTests.WINDOW })
class GrpcOnWebPortTests {

	static final int WINDOW = 16 * 1024;

	private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;

	@LocalServerPort
	private int port;

	@Autowired
	private ServletWebServerApplicationContext context;

	@Autowired
	private TestServiceImpl service;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = ManagedChannelBuilder.forAddress("localhost", this.port).usePlaintext().build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void unaryCallCarriesMetadataBothWays() {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER), "acme");
		AtomicMetadata responseHeaders = new AtomicMetadata();
		AtomicMetadata trailers = new AtomicMetadata();
		EchoResponse response = TestServiceGrpc.newBlockingStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers),
					MetadataUtils.newCaptureMetadataInterceptor(responseHeaders.headers, trailers.headers))
			.echo(EchoRequest.newBuilder().setMessage("over h2c").addEchoHeaders("x-tenant").build());

		assertThat(response.getMessage()).isEqualTo("over h2c");
		assertThat(response.getHeadersMap()).containsEntry("x-tenant", "acme");
		assertThat(responseHeaders.headers.get().get(RequestHeadersInterceptor.SERVED_BY)).isEqualTo("test-service");
		assertThat(trailers.headers.get().get(RequestHeadersInterceptor.TRAILER)).isEqualTo("done");
	}

	@Test
	void tomcatGivesStreamsTheConfiguredWindowAndReadsAndWritesFramesBlocking() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		List<Http2Protocol> http2 = Arrays.stream(server.getTomcat().getConnector().findUpgradeProtocols())
			.filter(Http2Protocol.class::isInstance)
			.map(Http2Protocol.class::cast)
			.toList();

		assertThat(http2).singleElement().extracting(Http2Protocol::getInitialWindowSize).isEqualTo(WINDOW);
		assertThat(server.getTomcat().getConnector().getProperty("useAsyncIO")).isEqualTo("false");
		assertThat(server.getTomcat().getConnector().getProperty("socket.appWriteBufSize")).isEqualTo("8201");
	}

	/**
	 * A smaller stream window leaves the connection's window at HTTP/2's initial 65,535 bytes:
	 * Tomcat announces the stream window in its SETTINGS and raises the connection's with a
	 * WINDOW_UPDATE only when the setting is larger. Its connection updates then give back no
	 * more than the request bytes read. The docs rely on this when they weigh a smaller window.
	 */
	@Test
	void smallerStreamWindowLeavesTheConnectionWindowAsHttp2StartsIt() throws Exception {
		EchoRequest request = EchoRequest.newBuilder().setMessage("window").build();
		byte[] envelope = RawHttp2Connection.envelope(request);
		try (RawHttp2Connection connection = new RawHttp2Connection(this.port, 0)) {
			connection.grpcCall(1, "Echo", request);
			List<RawHttp2Connection.Frame> frames = connection.readUntil((frame) -> frame.endsStream(1));

			assertThat(frames).last().matches((frame) -> frame.endsStream(1), "ends the call");
			assertThat(frames).filteredOn((frame) -> frame.type() == RawHttp2Connection.SETTINGS && frame.flags() == 0)
				.singleElement()
				.extracting((settings) -> setting(settings, SETTINGS_INITIAL_WINDOW_SIZE))
				.isEqualTo(WINDOW);
			int connectionIncrements = frames.stream()
				.filter((frame) -> frame.type() == RawHttp2Connection.WINDOW_UPDATE && frame.stream() == 0)
				.mapToInt(RawHttp2Connection.Frame::windowIncrement)
				.sum();
			assertThat(connectionIncrements).isEqualTo(envelope.length);
		}
	}

	/** The value of a setting in a SETTINGS frame, or -1 when the frame does not carry it. */
	private static int setting(RawHttp2Connection.Frame settings, int id) {
		ByteBuffer payload = ByteBuffer.wrap(settings.payload());
		while (payload.remaining() >= 6) {
			int settingId = payload.getShort() & 0xffff;
			int value = payload.getInt();
			if (settingId == id) {
				return value;
			}
		}
		return -1;
	}

	@Test
	void unaryRequestOfSixtyFourWindowsArrivesWhole() {
		ByteString payload = payload(64 * WINDOW, 7);

		EchoResponse response = TestServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.echo(EchoRequest.newBuilder().setPayload(payload).build());

		assertThat(response.getPayload()).isEqualTo(payload);
	}

	/**
	 * More calls with large requests than Tomcat runs at once per connection by default (20),
	 * all on one connection: calls that wait for a thread must not hold the connection's window
	 * while the running ones wait for the rest of their requests.
	 */
	@Test
	void manyConcurrentLargeRequestsOnOneConnectionAllArrive() throws Exception {
		TestServiceGrpc.TestServiceFutureStub stub = TestServiceGrpc.newFutureStub(this.channel);
		List<ByteString> payloads = new ArrayList<>();
		List<ListenableFuture<EchoResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			ByteString payload = payload(4 * WINDOW, i);
			payloads.add(payload);
			calls.add(stub.withDeadlineAfter(20, TimeUnit.SECONDS).echo(EchoRequest.newBuilder().setPayload(payload).build()));
		}

		for (int i = 0; i < calls.size(); i++) {
			assertThat(calls.get(i).get(30, TimeUnit.SECONDS).getPayload()).isEqualTo(payloads.get(i));
		}
	}

	@Test
	void clientStreamOfMessagesLargerThanTheWindowArrivesWhole() throws Exception {
		CompletableFuture<EchoResponse> joined = new CompletableFuture<>();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(this.channel)
			.withDeadlineAfter(30, TimeUnit.SECONDS)
			.clientStream(observer(joined, null));
		for (int i = 0; i < 8; i++) {
			requests.onNext(EchoRequest.newBuilder().setMessage("m" + i).setPayload(payload(4 * WINDOW, i)).build());
		}
		requests.onCompleted();

		assertThat(joined.get(30, TimeUnit.SECONDS).getMessage()).isEqualTo("m0,m1,m2,m3,m4,m5,m6,m7");
	}

	@Test
	void errorKeepsCodeMessageAndDetails() {
		StatusRuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
				() -> TestServiceGrpc.newBlockingStub(this.channel)
					.fail(FailRequest.newBuilder().setCode("ALREADY_EXISTS").setMessage("taken: ü%").build()));

		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(error.getStatus().getDescription()).isEqualTo("taken: ü%");
		com.google.rpc.Status details = StatusProto.fromThrowable(error);
		assertThat(details.getDetails(0).is(ErrorInfo.class)).isTrue();
	}

	// Conformance: "gRPC Unexpected Requests", unary/ and server-stream/no-request and
	// multiple-requests. grpc-java's client sends whatever count it is told to at this level.
	@Test
	void unaryOrServerStreamWithoutOrWithTwoRequestMessagesIsUnimplemented() throws Exception {
		EchoRequest echo = EchoRequest.newBuilder().setMessage("again").build();
		StreamRequest stream = StreamRequest.newBuilder().setMessage("again").setCount(1).build();

		assertThat(closeStatus(TestServiceGrpc.getEchoMethod(), List.of()).getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(closeStatus(TestServiceGrpc.getEchoMethod(), List.of(echo, echo)).getCode())
			.isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(closeStatus(TestServiceGrpc.getServerStreamMethod(), List.of()).getCode())
			.isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(closeStatus(TestServiceGrpc.getServerStreamMethod(), List.of(stream, stream)).getCode())
			.isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	// Conformance: "Errors", unary/unicode-error-message, through grpc-message's percent-encoding.
	@Test
	void errorMessageWithWhitespaceAndUnicodeArrivesUnchanged() {
		String message = "\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\n";
		StatusRuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
				() -> TestServiceGrpc.newBlockingStub(this.channel)
					.fail(FailRequest.newBuilder().setCode("INTERNAL").setMessage(message).build()));

		assertThat(error.getStatus().getDescription()).isEqualTo(message);
	}

	@Test
	void serverStreamArrivesInOrder() {
		Iterator<EchoResponse> stream = TestServiceGrpc.newBlockingStub(this.channel)
			.serverStream(StreamRequest.newBuilder().setMessage("m").setCount(50).build());
		List<String> messages = new ArrayList<>();
		stream.forEachRemaining((response) -> messages.add(response.getMessage()));

		assertThat(messages).hasSize(50).startsWith("m 0", "m 1").endsWith("m 49");
	}

	@Test
	void clientStreamAndBidiStreamWorkFullDuplex() throws Exception {
		CompletableFuture<EchoResponse> joined = new CompletableFuture<>();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(this.channel).clientStream(observer(joined, null));
		for (String m : List.of("x", "y", "z")) {
			requests.onNext(EchoRequest.newBuilder().setMessage(m).build());
		}
		requests.onCompleted();
		assertThat(joined.get(10, TimeUnit.SECONDS).getMessage()).isEqualTo("x,y,z");

		// Each answer must arrive before the next request is sent: only full duplex gets there.
		List<EchoResponse> answers = new ArrayList<>();
		CompletableFuture<EchoResponse> done = new CompletableFuture<>();
		java.util.concurrent.BlockingQueue<EchoResponse> received = new java.util.concurrent.LinkedBlockingQueue<>();
		StreamObserver<EchoRequest> bidi = TestServiceGrpc.newStub(this.channel).bidiStream(observer(done, received));
		for (int i = 0; i < 3; i++) {
			bidi.onNext(EchoRequest.newBuilder().setMessage("ping " + i).build());
			EchoResponse answer = received.poll(10, TimeUnit.SECONDS);
			assertThat(answer).as("answer to ping " + i + " before the stream is half-closed").isNotNull();
			answers.add(answer);
		}
		bidi.onCompleted();
		done.get(10, TimeUnit.SECONDS);
		assertThat(answers).extracting(EchoResponse::getMessage).containsExactly("ping 0", "ping 1", "ping 2");
	}

	@Test
	void deadlineIsEnforcedAndTheServiceSeesItsContextCancelled() throws Exception {
		this.service.resetSleepCancelled();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> TestServiceGrpc.newBlockingStub(this.channel)
				.withDeadlineAfter(200, TimeUnit.MILLISECONDS)
				.sleep(SleepRequest.newBuilder().setDuration(Duration.newBuilder().setSeconds(5)).build()))
			.satisfies((error) -> assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
		assertThat(this.service.awaitSleepCancelled(3000)).isTrue();
	}

	@Test
	void clientCancellingAStreamCancelsTheServerCall() throws Exception {
		this.service.resetStreamCancelled();
		io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
		Iterator<EchoResponse> stream = context.call(() -> TestServiceGrpc.newBlockingStub(this.channel)
			.serverStream(StreamRequest.newBuilder().setMessage("m").setCount(1000)
				.setInterval(Duration.newBuilder().setNanos(20_000_000)).build()));
		assertThat(stream.next().getMessage()).isEqualTo("m 0");
		context.cancel(null);

		assertThat(this.service.awaitStreamCancelled(5000)).as("the server call was cancelled").isTrue();
	}

	/**
	 * The server's deadline closes the call from its timer thread while the client resets the
	 * stream: Tomcat may take up the failed write after the call completed, or find the
	 * connection of a new call already gone. Neither may end in a log line, let alone in an
	 * error dispatch to Spring Boot's {@code /error} page. Several rounds, since the threads
	 * race, each on a connection of its own, since Tomcat closes a connection on which a
	 * client resets streams in quick succession.
	 */
	@Test
	void deadlinesThatPassWhileTheClientResetsItsStreamEndCallsQuietly(CapturedOutput output) throws Exception {
		SleepRequest request = SleepRequest.newBuilder().setDuration(Duration.newBuilder().setSeconds(5)).build();
		for (int round = 0; round < 15; round++) {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", this.port).usePlaintext().build();
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> TestServiceGrpc
				.newBlockingStub(channel)
				.withDeadlineAfter(100, TimeUnit.MILLISECONDS)
				.sleep(request));
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		Thread.sleep(500); // an error dispatch would follow the last deadline within milliseconds
		assertThat(output.getAll().lines()
			.filter((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
			// The client's own: Tomcat may answer its resets with GOAWAY ENHANCE_YOUR_CALM.
			.filter((line) -> !line.contains("NettyClientHandler"))).isEmpty();
	}

	/** Sends exactly these request messages, whatever the method's shape, and returns how the call closed. */
	private <ReqT, RespT> Status closeStatus(MethodDescriptor<ReqT, RespT> method, List<ReqT> requests) throws Exception {
		CompletableFuture<Status> closed = new CompletableFuture<>();
		ClientCall<ReqT, RespT> call = this.channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
		call.start(new ClientCall.Listener<>() {
			@Override
			public void onClose(Status status, Metadata trailers) {
				closed.complete(status);
			}
		}, new Metadata());
		call.request(Integer.MAX_VALUE);
		requests.forEach(call::sendMessage);
		call.halfClose();
		return closed.get(10, TimeUnit.SECONDS);
	}

	private static StreamObserver<EchoResponse> observer(CompletableFuture<EchoResponse> last,
			java.util.concurrent.BlockingQueue<EchoResponse> each) {
		return new StreamObserver<>() {
			private EchoResponse latest;

			@Override
			public void onNext(EchoResponse value) {
				this.latest = value;
				if (each != null) {
					each.add(value);
				}
			}

			@Override
			public void onError(Throwable error) {
				last.completeExceptionally(error);
			}

			@Override
			public void onCompleted() {
				last.complete(this.latest);
			}
		};
	}

	private static final class AtomicMetadata {

		final java.util.concurrent.atomic.AtomicReference<Metadata> headers = new java.util.concurrent.atomic.AtomicReference<>();

	}

}
