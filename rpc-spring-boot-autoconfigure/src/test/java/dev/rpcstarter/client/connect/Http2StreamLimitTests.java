package dev.rpcstarter.client.connect;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.util.Durations;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls beyond the number of streams an HTTP/2 server allows at once all succeed, as on a
 * grpc-java channel, instead of failing.
 */
@SpringBootTest(classes = { TestApplication.class, Http2StreamLimitTests.LowStreamLimit.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class Http2StreamLimitTests {

	private static final int MAX_CONCURRENT_STREAMS = 4;

	@LocalServerPort
	private int webPort;

	private ConnectChannel channel;

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void callsBeyondTheStreamLimitOfAnOpenConnectionAllSucceed() throws Exception {
		TestServiceGrpc.TestServiceFutureStub stub = TestServiceGrpc.newFutureStub(openChannel());
		// The first call opens the connection and learns the server's settings.
		stub.sleep(sleep(Duration.ZERO)).get(10, TimeUnit.SECONDS);
		assertAllSucceed(stub);
	}

	@Test
	void callsBeyondTheStreamLimitOfTheFirstConnectionAllSucceed() throws Exception {
		// All at once on a new channel: OkHttp would send them all before the server's settings arrive.
		assertAllSucceed(TestServiceGrpc.newFutureStub(openChannel()));
	}

	private ConnectChannel openChannel() {
		this.channel = ConnectChannel.create(URI.create("http://localhost:" + this.webPort), RpcProtocol.CONNECT,
				Codec.PROTO, HttpVersion.HTTP_2);
		return this.channel;
	}

	private static void assertAllSucceed(TestServiceGrpc.TestServiceFutureStub stub) throws Exception {
		List<ListenableFuture<EchoResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 5 * MAX_CONCURRENT_STREAMS; i++) {
			calls.add(stub.withDeadlineAfter(30, TimeUnit.SECONDS).sleep(sleep(Duration.ofMillis(200))));
		}
		for (ListenableFuture<EchoResponse> call : calls) {
			assertThat(call.get(30, TimeUnit.SECONDS)).isNotNull();
		}
	}

	private static SleepRequest sleep(Duration duration) {
		return SleepRequest.newBuilder().setDuration(Durations.fromNanos(duration.toNanos())).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class LowStreamLimit {

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
