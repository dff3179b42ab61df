package dev.rpcstarter.server.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.Channel;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import jakarta.annotation.PreDestroy;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request streams are read without holding a request thread while nothing arrives: client
 * streams that stay open while their clients are silent leave Tomcat's threads to other calls,
 * and a service that asks for its messages late gets them all, in order, reading having paused
 * and resumed. Called by grpc-java's own client over h2c and by the starter's Connect client
 * over HTTP/1.1.
 */
@SpringBootTest(classes = { TestApplication.class, OpenRequestStreamsTests.LateDemand.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true",
				"server.tomcat.threads.max=" + OpenRequestStreamsTests.REQUEST_THREADS,
				"server.tomcat.threads.min-spare=1" })
class OpenRequestStreamsTests {

	static final int REQUEST_THREADS = 4;

	private static final int OPEN_STREAMS = 5 * REQUEST_THREADS;

	@LocalServerPort
	private int port;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.port).usePlaintext().build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void silentClientStreamsLeaveRequestThreadsForOtherCalls() throws Exception {
		List<StreamObserver<EchoRequest>> streams = new ArrayList<>();
		List<CompletableFuture<String>> answers = new ArrayList<>();
		for (int i = 0; i < OPEN_STREAMS; i++) {
			CompletableFuture<String> answer = new CompletableFuture<>();
			StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(this.channel)
				.withDeadlineAfter(30, TimeUnit.SECONDS)
				.clientStream(new Answer(answer));
			requests.onNext(EchoRequest.newBuilder().setMessage("first of " + i).build());
			streams.add(requests);
			answers.add(answer);
		}

		EchoResponse echo = TestServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.echo(EchoRequest.newBuilder().setMessage("served meanwhile").build());
		assertThat(echo.getMessage()).isEqualTo("served meanwhile");

		for (int i = 0; i < OPEN_STREAMS; i++) {
			streams.get(i).onNext(EchoRequest.newBuilder().setMessage("last of " + i).build());
			streams.get(i).onCompleted();
		}
		for (int i = 0; i < OPEN_STREAMS; i++) {
			assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("first of " + i + ",last of " + i);
		}
	}

	@Test
	void serviceThatAsksForMessagesLateGetsEveryMessageInOrderOverGrpc() throws Exception {
		assertEveryMessageArrivesInOrder(this.channel);
	}

	@Test
	void serviceThatAsksForMessagesLateGetsEveryMessageInOrderOverConnectHttp1() throws Exception {
		ManagedChannel connect = ConnectChannel.create(URI.create("http://127.0.0.1:" + this.port), RpcProtocol.CONNECT,
				Codec.PROTO, HttpVersion.HTTP_1_1);
		try {
			assertEveryMessageArrivesInOrder(connect);
		}
		finally {
			connect.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static void assertEveryMessageArrivesInOrder(Channel channel) throws Exception {
		Metadata lateDemand = new Metadata();
		lateDemand.put(LateDemand.HEADER, "1");
		CompletableFuture<String> answer = new CompletableFuture<>();
		StreamObserver<EchoRequest> requests = TestServiceGrpc.newStub(channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(lateDemand))
			.withDeadlineAfter(20, TimeUnit.SECONDS)
			.clientStream(new Answer(answer));
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			sent.add("m" + i);
			requests.onNext(EchoRequest.newBuilder().setMessage("m" + i).build());
		}
		requests.onCompleted();
		assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo(String.join(",", sent));
	}

	/**
	 * Passes a call's requests for messages on to it a moment late, from another thread, when
	 * the client asks for it with a header: the call then holds a message the service has not
	 * asked for, and reading pauses until it does.
	 */
	@GrpcGlobalServerInterceptor
	static class LateDemand implements ServerInterceptor {

		static final Metadata.Key<String> HEADER = Metadata.Key.of("x-late-demand", Metadata.ASCII_STRING_MARSHALLER);

		private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			if (!headers.containsKey(HEADER)) {
				return next.startCall(call, headers);
			}
			return next.startCall(new SimpleForwardingServerCall<>(call) {
				@Override
				public void request(int numMessages) {
					LateDemand.this.timer.schedule(() -> super.request(numMessages), 2, TimeUnit.MILLISECONDS);
				}
			}, headers);
		}

		@PreDestroy
		void stop() {
			this.timer.shutdownNow();
		}

	}

	/** Completes with the one message of a client stream's answer. */
	private record Answer(CompletableFuture<String> answer) implements StreamObserver<EchoResponse> {

		@Override
		public void onNext(EchoResponse value) {
			this.answer.complete(value.getMessage());
		}

		@Override
		public void onError(Throwable error) {
			this.answer.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
		}

	}

}
