package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.util.Durations;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls beyond the number of streams an HTTP/2 server allows at once all succeed, as on a
 * grpc-java channel, instead of failing: they wait for a stream of the channel's connection,
 * and only a call that waited long gets a connection of its own.
 */
@SpringBootTest(classes = { TestApplication.class, Http2StreamLimitTests.LowStreamLimit.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class Http2StreamLimitTests {

	private static final int MAX_CONCURRENT_STREAMS = 4;

	/** Sleeps short enough that the last of a burst waits far less than a second for its stream. */
	private static final Duration SHORT_SLEEP = Duration.ofMillis(50);

	@LocalServerPort
	private int webPort;

	@Autowired
	private ClientPorts clientPorts;

	private ConnectChannel channel;

	@BeforeEach
	void forgetRequests() {
		this.clientPorts.ports.clear();
		this.clientPorts.requests.set(0);
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void callsBeyondTheStreamLimitOfAnOpenConnectionAllSucceed() throws Exception {
		TestServiceGrpc.TestServiceFutureStub stub = TestServiceGrpc.newFutureStub(openChannel());
		// The first call opens the connection and learns the server's settings.
		stub.sleep(sleep(Duration.ZERO)).get(10, TimeUnit.SECONDS);
		assertAllSucceedOnOneConnection(stub);
	}

	@Test
	void callsBeyondTheStreamLimitOfTheFirstConnectionAllSucceed() throws Exception {
		// All at once on a new channel: OkHttp would send them all before the server's settings
		// arrive, and a server that refuses many streams on a connection closes it.
		assertAllSucceedOnOneConnection(TestServiceGrpc.newFutureStub(openChannel()));
	}

	@Test
	void aCallThatWaitedASecondForAStreamGetsAConnectionOfItsOwn() throws Exception {
		TestServiceGrpc.TestServiceFutureStub stub = TestServiceGrpc.newFutureStub(openChannel())
			.withDeadlineAfter(30, TimeUnit.SECONDS);
		List<ListenableFuture<EchoResponse>> longCalls = new ArrayList<>();
		for (int i = 0; i < MAX_CONCURRENT_STREAMS; i++) {
			longCalls.add(stub.sleep(sleep(Duration.ofSeconds(5))));
		}
		// They fill the connection's streams.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.clientPorts.requests.get() == MAX_CONCURRENT_STREAMS);
		assertThat(stub.sleep(sleep(Duration.ZERO)).get(4, TimeUnit.SECONDS)).isNotNull();
		assertThat(longCalls).noneMatch(ListenableFuture::isDone);
		assertThat(this.clientPorts.ports).hasSize(2);
		for (ListenableFuture<EchoResponse> call : longCalls) {
			assertThat(call.get(30, TimeUnit.SECONDS)).isNotNull();
		}
	}

	@Test
	void cancelledStreamsGiveTheirStreamsBack() throws Exception {
		ConnectChannel channel = openChannel();
		List<ClientCallStreamObserver<EchoRequest>> streams = new ArrayList<>();
		List<CompletableFuture<Throwable>> ends = new ArrayList<>();
		CountDownLatch echoed = new CountDownLatch(MAX_CONCURRENT_STREAMS);
		for (int i = 0; i < MAX_CONCURRENT_STREAMS; i++) {
			CompletableFuture<Throwable> end = new CompletableFuture<>();
			ClientCallStreamObserver<EchoRequest> requests = (ClientCallStreamObserver<EchoRequest>) TestServiceGrpc
				.newStub(channel)
				.bidiStream(new StreamObserver<>() {

					@Override
					public void onNext(EchoResponse value) {
						echoed.countDown();
					}

					@Override
					public void onError(Throwable error) {
						end.complete(error);
					}

					@Override
					public void onCompleted() {
						end.complete(null);
					}

				});
			requests.onNext(EchoRequest.newBuilder().setMessage("open").build());
			streams.add(requests);
			ends.add(end);
		}
		// Cancelled once their responses began, while their request bodies are still open.
		assertThat(echoed.await(10, TimeUnit.SECONDS)).isTrue();
		streams.forEach((stream) -> stream.cancel("done", null));
		for (CompletableFuture<Throwable> end : ends) {
			assertThat(end.get(10, TimeUnit.SECONDS)).isNotNull();
		}
		// Had they kept their streams, the next call would wait a second, then open a connection.
		long start = System.nanoTime();
		TestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).sleep(sleep(Duration.ZERO));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
		// Not necessarily on one connection: OkHttp writes the resets of cancelled streams on
		// its own thread, and the next streams may reach the server before them. The server then
		// refuses them, and after two refusals OkHttp moves on to a new connection.
		assertAllSucceed(TestServiceGrpc.newFutureStub(channel));
	}

	private ConnectChannel openChannel() {
		this.channel = newChannel(this.webPort);
		return this.channel;
	}

	/**
	 * @param webPort the test application's web port
	 * @return a channel that calls it over HTTP/2: h2c here
	 */
	ConnectChannel newChannel(int webPort) {
		return ConnectChannel.create(URI.create("http://localhost:" + webPort), RpcProtocol.CONNECT, Codec.PROTO,
				HttpVersion.HTTP_2);
	}

	private void assertAllSucceedOnOneConnection(TestServiceGrpc.TestServiceFutureStub stub) throws Exception {
		assertAllSucceed(stub);
		// No call was sent on another connection: none was refused and sent again there, and
		// none waited so long that it opened one.
		assertThat(this.clientPorts.ports).hasSize(1);
	}

	private static void assertAllSucceed(TestServiceGrpc.TestServiceFutureStub stub) throws Exception {
		List<ListenableFuture<EchoResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 5 * MAX_CONCURRENT_STREAMS; i++) {
			calls.add(stub.withDeadlineAfter(30, TimeUnit.SECONDS).sleep(sleep(SHORT_SLEEP)));
		}
		for (ListenableFuture<EchoResponse> call : calls) {
			assertThat(call.get(30, TimeUnit.SECONDS)).isNotNull();
		}
	}

	private static SleepRequest sleep(Duration duration) {
		return SleepRequest.newBuilder().setDuration(Durations.fromNanos(duration.toNanos())).build();
	}

	/**
	 * The client ports of the connections that carried calls, one per connection, and the
	 * number of calls. Before the bridge, which is a filter of the chain too.
	 */
	static class ClientPorts extends OncePerRequestFilter implements Ordered {

		final Set<Integer> ports = ConcurrentHashMap.newKeySet();

		final AtomicInteger requests = new AtomicInteger();

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			this.ports.add(request.getRemotePort());
			this.requests.incrementAndGet();
			chain.doFilter(request, response);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LowStreamLimit {

		@Bean
		ClientPorts clientPorts() {
			return new ClientPorts();
		}

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> lowStreamLimit() {
			return (factory) -> factory.addConnectorCustomizers((connector) -> {
				for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
					if (protocol instanceof Http2Protocol http2) {
						http2.setMaxConcurrentStreams(MAX_CONCURRENT_STREAMS);
					}
				}
			});
		}

	}

}
