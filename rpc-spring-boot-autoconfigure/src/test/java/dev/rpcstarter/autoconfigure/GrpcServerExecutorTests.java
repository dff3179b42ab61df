package dev.rpcstarter.autoconfigure;

import java.util.concurrent.CompletableFuture;

import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code rpc.grpc.executor} decides the thread a call on the real gRPC port starts on.
 */
class GrpcServerExecutorTests {

	@Test
	void defaultRunsCallsOnGrpcJavasPoolNotOnTheEventLoop() {
		assertThat(threadOfACall("rpc.grpc.executor=default")).isNotInstanceOf(FastThreadLocalThread.class)
			.extracting(Thread::getName)
			.asString()
			.startsWith("grpc-default-executor");
	}

	@Test
	void directRunsCallsOnTheNettyEventLoop() {
		assertThat(threadOfACall("rpc.grpc.executor=direct")).isInstanceOf(FastThreadLocalThread.class);
	}

	@Test
	void anExecutorOfTheApplicationsOwnConfigurerWinsOverTheProperty() {
		assertThat(threadOfACall("rpc.grpc.executor=direct", "test.own-executor=true").getName())
			.startsWith("own-executor");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsRunEachCallOnAVirtualThread() {
		assertThat(threadOfACall("rpc.grpc.executor=virtual-threads").getName()).startsWith("grpc-virtual-");
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsBeforeJava21FailStartUpNamingTheProperty() {
		assertThatException().isThrownBy(() -> start("rpc.grpc.executor=virtual-threads").close())
			.havingRootCause()
			.withMessageContaining("rpc.grpc.executor=virtual-threads needs Java 21 or later");
	}

	private static Thread threadOfACall(String... properties) {
		try (ConfigurableApplicationContext context = start(properties)) {
			ManagedChannel channel = ManagedChannelBuilder
				.forAddress("localhost", context.getBean(TestApplication.GrpcPort.class).get())
				.usePlaintext()
				.build();
			try {
				TestServiceGrpc.newBlockingStub(channel).echo(EchoRequest.newBuilder().setMessage("hi").build());
				return context.getBean(ThreadRecorder.class).thread.join();
			}
			finally {
				channel.shutdownNow();
			}
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class, ThreadRecording.class)
			.web(WebApplicationType.NONE)
			.properties("grpc.server.port=0", "grpc.server.address=127.0.0.1")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreadRecording {

		@Bean
		@GrpcGlobalServerInterceptor
		ThreadRecorder threadRecorder() {
			return new ThreadRecorder();
		}

		@Bean
		@ConditionalOnProperty("test.own-executor")
		GrpcServerConfigurer ownExecutor() {
			return (builder) -> builder.executor((task) -> new Thread(task, "own-executor").start());
		}

	}

	/** Keeps the thread that the first call started on. */
	static class ThreadRecorder implements ServerInterceptor {

		final CompletableFuture<Thread> thread = new CompletableFuture<>();

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			this.thread.complete(Thread.currentThread());
			return next.startCall(call, headers);
		}

	}

}
