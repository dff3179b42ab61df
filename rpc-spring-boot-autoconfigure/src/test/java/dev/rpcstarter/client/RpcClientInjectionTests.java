package dev.rpcstarter.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.util.Durations;
import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static dev.rpcstarter.client.TestCalls.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Stubs injected by {@code @RpcClient} call a real gRPC server on a random port.
 */
class RpcClientInjectionTests {

	private RunningTestServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new RunningTestServer("one");
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
			.withPropertyValues("rpc.client.test.address=" + this.server.staticAddress());
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.server.close();
	}

	@Test
	void stubsInjectedIntoFieldsCallTheServer() {
		this.runner.withBean(FieldClients.class).run((context) -> {
			FieldClients clients = context.getBean(FieldClients.class);
			assertThat(clients.blocking.echo(echo("blocking")).getMessage()).isEqualTo("one:blocking");
			assertThat(clients.future.echo(echo("future")).get(5, TimeUnit.SECONDS).getMessage())
				.isEqualTo("one:future");
			assertThat(clients.blockingV2.echo(echo("v2")).getMessage()).isEqualTo("one:v2");
			RecordingObserver observer = new RecordingObserver();
			clients.async.echo(echo("async"), observer);
			assertThat(observer.awaitMessage()).isEqualTo("one:async");
		});
	}

	@Test
	void stubsInjectedIntoConstructorParametersCallTheServer() {
		this.runner.withBean(ConstructorClients.class).run((context) -> {
			ConstructorClients clients = context.getBean(ConstructorClients.class);
			assertThat(clients.blocking.echo(echo("blocking")).getMessage()).isEqualTo("one:blocking");
			assertThat(clients.future.echo(echo("future")).get(5, TimeUnit.SECONDS).getMessage())
				.isEqualTo("one:future");
			RecordingObserver observer = new RecordingObserver();
			clients.async.echo(echo("async"), observer);
			assertThat(observer.awaitMessage()).isEqualTo("one:async");
		});
	}

	@Test
	void stubInjectedIntoARecordsFinalComponentCallsTheServer() {
		this.runner.withBean(RecordClient.class).run((context) -> {
			RecordClient client = context.getBean(RecordClient.class);
			assertThat(client.echo().echo(echo("record")).getMessage()).isEqualTo("one:record");
		});
	}

	@Test
	void stubInjectedIntoBeanMethodParameterCallsTheServer() {
		this.runner.withUserConfiguration(BeanMethodClientConfiguration.class).run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub blocking = context.getBean(TestServiceGrpc.TestServiceBlockingStub.class);
			assertThat(blocking.echo(echo("bean method")).getMessage()).isEqualTo("one:bean method");
		});
	}

	@Test
	void dnsAddressReachesTheServer() {
		this.runner.withPropertyValues("rpc.client.test.address=dns:///localhost:" + this.server.port())
			.withBean(FieldClients.class)
			.run((context) -> assertThat(context.getBean(FieldClients.class).blocking.echo(echo("dns")).getMessage())
				.isEqualTo("one:dns"));
	}

	@Test
	void callSlowerThanConfiguredDeadlineFailsWithDeadlineExceeded() {
		this.runner.withPropertyValues("rpc.client.test.deadline=200ms").withBean(FieldClients.class).run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub blocking = context.getBean(FieldClients.class).blocking;
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> blocking.sleep(sleep(Duration.ofSeconds(2))))
				.extracting(StatusRuntimeException::getStatus)
				.extracting(Status::getCode)
				.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		});
	}

	@Test
	void configuredDeadlineCountsFromEachCallNotFromInjection() {
		this.runner.withPropertyValues("rpc.client.test.deadline=300ms").withBean(FieldClients.class).run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub blocking = context.getBean(FieldClients.class).blocking;
			Thread.sleep(500);
			assertThat(blocking.echo(echo("late")).getMessage()).isEqualTo("one:late");
		});
	}

	@Test
	void callerDeadlineWinsOverConfiguredDeadline() {
		this.runner.withPropertyValues("rpc.client.test.deadline=100ms").withBean(FieldClients.class).run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub blocking = context.getBean(FieldClients.class).blocking;
			EchoResponse response = blocking.withDeadlineAfter(10, TimeUnit.SECONDS).sleep(sleep(Duration.ofMillis(400)));
			assertThat(response.getMessage()).isEqualTo("slept");
		});
	}

	@Test
	void stubsOfOneNameShareOneChannelAndOtherNamesGetTheirOwn() {
		this.runner.withPropertyValues("rpc.client.other.address=" + this.server.staticAddress())
			.withBean(RecordingChannelFactory.class)
			.withBean(FieldClients.class)
			.withBean(ConstructorClients.class)
			.withBean(OtherClient.class)
			.run((context) -> {
				FieldClients fields = context.getBean(FieldClients.class);
				ConstructorClients constructor = context.getBean(ConstructorClients.class);
				assertThat(List.of(fields.async.getChannel(), fields.future.getChannel(),
						fields.blockingV2.getChannel(), constructor.blocking.getChannel()))
					.allSatisfy((channel) -> assertThat(channel).isSameAs(fields.blocking.getChannel()));
				assertThat(context.getBean(OtherClient.class).blocking.getChannel())
					.isNotSameAs(fields.blocking.getChannel());
				assertThat(context.getBean(RecordingChannelFactory.class).createdFor)
					.containsExactlyInAnyOrder("test", "other");
			});
	}

	@Test
	void closingTheContextShutsTheChannelsDown() {
		List<ManagedChannel> created = new CopyOnWriteArrayList<>();
		this.runner.withBean(RecordingChannelFactory.class).withBean(FieldClients.class).run((context) -> {
			context.getBean(FieldClients.class).blocking.echo(echo("before close"));
			created.addAll(context.getBean(RecordingChannelFactory.class).created);
			assertThat(created).singleElement().satisfies((channel) -> assertThat(channel.isShutdown()).isFalse());
		});
		assertThat(created).singleElement().satisfies((channel) -> assertThat(channel.isTerminated()).isTrue());
	}

	@Test
	void staticAddressListSpreadsCallsOverAllServers() throws Exception {
		try (RunningTestServer two = new RunningTestServer("two")) {
			this.runner
				.withPropertyValues("rpc.client.test.address=static://localhost:" + this.server.port() + ",localhost:"
						+ two.port())
				.withBean(FieldClients.class)
				.run((context) -> {
					TestServiceGrpc.TestServiceBlockingStub blocking = context.getBean(FieldClients.class).blocking;
					// Round robin only uses a server once its connection is up, so the first
					// calls may all go to one of them.
					for (int i = 0; i < 200 && (this.server.calls() == 0 || two.calls() == 0); i++) {
						blocking.echo(echo("call " + i));
					}
					assertThat(this.server.calls()).isPositive();
					assertThat(two.calls()).isPositive();
				});
		}
	}

	@Test
	void globalInterceptorBeansSeeEveryCallInOrder() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.runner.withPropertyValues("rpc.client.test.deadline=5s")
			.withBean("second", SecondInterceptor.class, seen)
			.withBean("first", FirstInterceptor.class, seen)
			.withBean(FieldClients.class)
			.run((context) -> {
				context.getBean(FieldClients.class).blocking.echo(echo("intercepted"));
				assertThat(seen).containsExactly("first rpcstarter.test.v1.TestService/Echo deadline=true",
						"second rpcstarter.test.v1.TestService/Echo deadline=true");
			});
	}

	private static SleepRequest sleep(Duration duration) {
		return SleepRequest.newBuilder().setDuration(Durations.fromNanos(duration.toNanos())).build();
	}

	static class FieldClients {

		@RpcClient("test")
		private TestServiceGrpc.TestServiceBlockingStub blocking;

		@RpcClient("test")
		TestServiceGrpc.TestServiceStub async;

		@RpcClient("test")
		protected TestServiceGrpc.TestServiceFutureStub future;

		@RpcClient("test")
		public TestServiceGrpc.TestServiceBlockingV2Stub blockingV2;

	}

	static class ConstructorClients {

		final TestServiceGrpc.TestServiceBlockingStub blocking;

		final TestServiceGrpc.TestServiceStub async;

		final TestServiceGrpc.TestServiceFutureStub future;

		ConstructorClients(@RpcClient("test") TestServiceGrpc.TestServiceBlockingStub blocking,
				@RpcClient("test") TestServiceGrpc.TestServiceStub async,
				@RpcClient("test") TestServiceGrpc.TestServiceFutureStub future) {
			this.blocking = blocking;
			this.async = async;
			this.future = future;
		}

	}

	@Configuration(proxyBeanMethods = false)
	/** Final fields: a record's components are set through its canonical constructor. */
	record RecordClient(@RpcClient("test") TestServiceGrpc.TestServiceBlockingStub echo) {
	}

	static class BeanMethodClientConfiguration {

		@Bean
		TestServiceGrpc.TestServiceBlockingStub configuredStub(
				@RpcClient("test") TestServiceGrpc.TestServiceBlockingStub blocking) {
			return blocking.withCompression("identity");
		}

	}

	static class OtherClient {

		@RpcClient("other")
		TestServiceGrpc.TestServiceBlockingStub blocking;

	}

	/** Records what it sees, named after itself, so a test can check order and options. */
	abstract static class RecordingInterceptor implements ClientInterceptor {

		private final List<String> seen;

		RecordingInterceptor(List<String> seen) {
			this.seen = seen;
		}

		@Override
		public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
				CallOptions callOptions, Channel next) {
			this.seen.add(name() + " " + method.getFullMethodName() + " deadline=" + (callOptions.getDeadline() != null));
			return next.newCall(method, callOptions);
		}

		abstract String name();

	}

	@Order(1)
	static class FirstInterceptor extends RecordingInterceptor {

		FirstInterceptor(List<String> seen) {
			super(seen);
		}

		@Override
		String name() {
			return "first";
		}

	}

	@Order(2)
	static class SecondInterceptor extends RecordingInterceptor {

		SecondInterceptor(List<String> seen) {
			super(seen);
		}

		@Override
		String name() {
			return "second";
		}

	}

	/** The default factory, recording which channels it made. */
	static final class RecordingChannelFactory implements RpcChannelFactory {

		final List<String> createdFor = new CopyOnWriteArrayList<>();

		final List<ManagedChannel> created = new CopyOnWriteArrayList<>();

		private final AddressChannelFactory addresses;

		RecordingChannelFactory(RpcClientProperties properties) {
			this.addresses = new AddressChannelFactory(properties, null, null);
		}

		@Override
		public ManagedChannel createChannel(String clientName) {
			ManagedChannel channel = this.addresses.createChannel(clientName);
			this.createdFor.add(clientName);
			this.created.add(channel);
			return channel;
		}

	}

	static final class RecordingObserver implements StreamObserver<EchoResponse> {

		private final CompletableFuture<String> message = new CompletableFuture<>();

		@Override
		public void onNext(EchoResponse value) {
			this.message.complete(value.getMessage());
		}

		@Override
		public void onError(Throwable error) {
			this.message.completeExceptionally(error);
		}

		@Override
		public void onCompleted() {
		}

		String awaitMessage() throws Exception {
			return this.message.get(5, TimeUnit.SECONDS);
		}

	}

}
