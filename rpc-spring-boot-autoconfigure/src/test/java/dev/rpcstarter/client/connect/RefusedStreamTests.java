package dev.rpcstarter.client.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import okhttp3.Headers;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.http2.ErrorCode;
import okhttp3.internal.http2.Header;
import okhttp3.internal.http2.Http2Connection;
import okhttp3.internal.http2.Http2Stream;
import okio.BufferedSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A call whose stream the server refuses (REFUSED_STREAM) before it processed anything is
 * sent again, a few times at most and within its deadline, a client stream with every message
 * it had sent; other resets fail the call.
 *
 * <p>The server is OkHttp's own HTTP/2 connection in server mode, as OkHttp's MockWebServer
 * uses it: it resets the first streams with a chosen code, then answers Connect unary calls.
 */
class RefusedStreamTests {

	private final AtomicInteger streams = new AtomicInteger();

	private ServerSocket serverSocket;

	private ConnectChannel channel;

	/** How many streams, the first ones, the server resets. */
	private volatile int resets;

	private volatile ErrorCode resetCode = ErrorCode.REFUSED_STREAM;

	/** How long the server waits before it resets a stream. */
	private volatile long resetDelayMillis;

	@BeforeEach
	void startServer() throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "refusing-server");
		acceptor.setDaemon(true);
		acceptor.start();
		this.channel = channel(null);
	}

	@AfterEach
	void stop() throws Exception {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.serverSocket.close();
	}

	@Test
	void unaryCallWhoseStreamsAreRefusedSucceedsOnceTheServerAcceptsOne() {
		// OkHttp sends a refused request again once by itself, not twice.
		this.resets = 3;
		EchoResponse response = stub().echo(EchoRequest.newBuilder().setMessage("hello").build());
		assertThat(response.getMessage()).isEqualTo("hello");
		assertThat(this.streams).hasValue(4);
	}

	@Test
	void serverStreamingCallWhoseStreamsAreRefusedSucceedsOnceTheServerAcceptsOne() {
		this.resets = 3;
		assertThat(stub().serverStream(StreamRequest.getDefaultInstance()).hasNext()).isFalse();
		assertThat(this.streams).hasValue(4);
	}

	@Test
	void callRefusedAgainAndAgainFailsWithTheRefusal() {
		this.resets = Integer.MAX_VALUE;
		assertEchoFails(stub(), Status.Code.UNAVAILABLE, "REFUSED_STREAM");
		// Three exchanges, the first and two more, each of which OkHttp sends twice.
		assertThat(this.streams).hasValue(6);
	}

	@Test
	void sendingARefusedRequestAgainIsNotAnAttemptOfTheRetryPolicy() {
		this.channel.shutdownNow();
		this.channel = channel(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1), 1,
				Set.of(Status.Code.UNAVAILABLE)));
		// The first attempt uses up its six streams, the second gets the answer.
		this.resets = 6;
		EchoResponse response = stub().echo(EchoRequest.newBuilder().setMessage("hello").build());
		assertThat(response.getMessage()).isEqualTo("hello");
		assertThat(this.streams).hasValue(7);
	}

	@Test
	void callRefusedUntilItsDeadlineEndsWithTheDeadline() throws InterruptedException {
		this.resets = Integer.MAX_VALUE;
		this.resetDelayMillis = 100;
		assertEchoFails(stub().withDeadlineAfter(250, TimeUnit.MILLISECONDS), Status.Code.DEADLINE_EXCEEDED,
				"deadline exceeded");
		int streamsAtTheDeadline = this.streams.get();
		Thread.sleep(300);
		assertThat(this.streams).hasValue(streamsAtTheDeadline);
	}

	@Test
	void callWhoseStreamIsResetOtherwiseFails() {
		this.resets = 1;
		this.resetCode = ErrorCode.INTERNAL_ERROR;
		assertEchoFails(stub(), Status.Code.UNAVAILABLE, "INTERNAL_ERROR");
		assertThat(this.streams).hasValue(1);
	}

	@Test
	void clientStreamingCallWhoseStreamIsRefusedIsSentAgainWithEveryMessage() throws InterruptedException {
		this.resets = 1;
		CallOutcome outcome = clientStream("a", "b", "c");
		assertThat(outcome.ended.poll(10, TimeUnit.SECONDS)).isEqualTo(Status.Code.OK);
		assertThat(outcome.messages).containsExactly("a,b,c");
		assertThat(this.streams).hasValue(2);
	}

	@Test
	void clientStreamingCallRefusedAfterMoreThanItKeepsFails() throws InterruptedException {
		this.resets = 1;
		String half = "x".repeat(StreamingRequestBody.REPLAY_LIMIT_BYTES / 2);
		CallOutcome outcome = clientStream(half, half);
		assertThat(outcome.ended.poll(10, TimeUnit.SECONDS)).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(this.streams).hasValue(1);
	}

	/** Sends the messages on a client stream and ends it. */
	private CallOutcome clientStream(String... messages) {
		CallOutcome outcome = new CallOutcome();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(this.channel).clientStream(outcome);
		for (String message : messages) {
			requests.onNext(EchoRequest.newBuilder().setMessage(message).build());
		}
		requests.onCompleted();
		return outcome;
	}

	private TestServiceGrpc.TestServiceBlockingStub stub() {
		return TestServiceGrpc.newBlockingStub(this.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
	}

	private static void assertEchoFails(TestServiceGrpc.TestServiceBlockingStub stub, Status.Code code,
			String description) {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub.echo(EchoRequest.getDefaultInstance()))
			.satisfies((error) -> {
				assertThat(error.getStatus().getCode()).isEqualTo(code);
				assertThat(error.getStatus().getDescription()).contains(description);
			});
	}

	private ConnectChannel channel(RetryPolicy retryPolicy) {
		URI baseUri = URI.create("http://127.0.0.1:" + this.serverSocket.getLocalPort());
		return ConnectChannel.builder(RpcProtocol.CONNECT, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(baseUri)))
			.httpVersion(HttpVersion.HTTP_2)
			.attemptPolicy(retryPolicy)
			.build();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				Http2Connection connection = new Http2Connection.Builder(false, TaskRunner.INSTANCE).socket(socket)
					.listener(new Http2Connection.Listener() {

						@Override
						public void onStream(Http2Stream stream) throws IOException {
							answer(stream);
						}

					})
					.build();
				connection.start(true, TaskRunner.INSTANCE);
			}
			catch (IOException ex) {
				// Closed by the test.
			}
		}
	}

	private void answer(Http2Stream stream) throws IOException {
		// The request is read whole first, even from a stream about to be refused: OkHttp's
		// server answers DATA that arrives after its reset with a PROTOCOL_ERROR reset of its
		// own (a real server ignores such frames), and one CI run saw a call end with that
		// reset instead of the refusal.
		byte[] request = Okio.buffer(stream.getSource()).readByteArray();
		if (this.streams.incrementAndGet() <= this.resets) {
			try {
				Thread.sleep(this.resetDelayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			stream.close(this.resetCode, null);
			return;
		}
		// Unary calls answer with the request message, client streams with their messages joined
		// by commas; server streams end without messages.
		Headers headers = stream.takeHeaders();
		boolean unary = headers.get("content-type").equals("application/proto");
		stream.writeHeaders(List.of(new Header(":status", "200"),
				new Header("content-type", unary ? "application/proto" : "application/connect+proto")), false, true);
		try (BufferedSink body = Okio.buffer(stream.getSink())) {
			if (unary) {
				body.write(echo(EchoRequest.parseFrom(request).getMessage()).toByteArray());
				return;
			}
			if (headers.get(":path").endsWith("/ClientStream")) {
				body.write(new Envelope(0, echo(joinedMessages(request)).toByteArray()).toBytes());
			}
			body.write(new Envelope(Envelope.CONNECT_END_STREAM, "{}".getBytes(StandardCharsets.UTF_8)).toBytes());
		}
	}

	private static EchoResponse echo(String message) {
		return EchoResponse.newBuilder().setMessage(message).build();
	}

	private static String joinedMessages(byte[] envelopes) throws IOException {
		InputStream in = new ByteArrayInputStream(envelopes);
		List<String> messages = new ArrayList<>();
		for (Envelope envelope = Envelope.read(in, Integer.MAX_VALUE); envelope != null; envelope = Envelope.read(in,
				Integer.MAX_VALUE)) {
			messages.add(EchoRequest.parseFrom(envelope.payload()).getMessage());
		}
		return String.join(",", messages);
	}

	/** The messages a call received and the code it ended with. */
	private static final class CallOutcome implements StreamObserver<EchoResponse> {

		private final BlockingQueue<Status.Code> ended = new LinkedBlockingQueue<>();

		private final List<String> messages = new CopyOnWriteArrayList<>();

		@Override
		public void onNext(EchoResponse value) {
			this.messages.add(value.getMessage());
		}

		@Override
		public void onError(Throwable error) {
			this.ended.add(Status.fromThrowable(error).getCode());
		}

		@Override
		public void onCompleted() {
			this.ended.add(Status.Code.OK);
		}

	}

}
