package dev.rpcstarter.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;

import static dev.rpcstarter.client.TestCalls.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code discovery:///service-id} addresses follow the instances that Spring Cloud's
 * properties-based {@link SimpleDiscoveryClient} lists, as they change at run time, with
 * every protocol: the discovered port is the instance's gRPC port for grpc and its web port
 * for connect and grpc-web.
 *
 * <p>The three instances run for the whole class, since each is an application; a test
 * registers those it needs and counts the calls they take from then on.
 */
class DiscoveryAddressTests {

	private static RunningInstance one;

	private static RunningInstance two;

	private static RunningInstance three;

	/** The registry's view of the service "echo"; tests change it while clients run. */
	private final List<DefaultServiceInstance> registered = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startInstances() {
		one = new RunningInstance("one");
		two = new RunningInstance("two");
		three = new RunningInstance("three");
	}

	@AfterAll
	static void stopInstances() {
		one.close();
		two.close();
		three.close();
	}

	@ParameterizedTest
	@EnumSource(RpcProtocol.class)
	void callsSpreadOverTheDiscoveredInstances(RpcProtocol protocol) {
		int oneBefore = one.calls();
		int twoBefore = two.calls();
		clientOfOneAndTwo(protocol).run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
			assertThat(callUntil(stub, () -> one.calls() > oneBefore && two.calls() > twoBefore)).isTrue();
		});
	}

	@ParameterizedTest
	@EnumSource(RpcProtocol.class)
	void clientFollowsInstancesAddedAndRemovedAfterARefresh(RpcProtocol protocol) {
		clientOfOneAndTwo(protocol).withPropertyValues("rpc.client.test.discovery-refresh-interval=200ms")
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
				stub.echo(echo("first"));
				int threeBefore = three.calls();
				register(three, protocol);
				assertThat(callUntil(stub, () -> three.calls() > threeBefore)).as("the added instance gets calls")
					.isTrue();
				this.registered.removeIf((instance) -> instance.getInstanceId().equals(one.name()));
				assertThat(callUntil(stub, () -> lastCallsSkip(stub, one))).as("the removed instance gets none")
					.isTrue();
			});
	}

	@ParameterizedTest
	@EnumSource(RpcProtocol.class)
	void heartbeatOfTheRegistryRefreshesAtOnce(RpcProtocol protocol) {
		clientOfOneAndTwo(protocol).withPropertyValues("rpc.client.test.discovery-refresh-interval=1h")
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
				stub.echo(echo("first"));
				int threeBefore = three.calls();
				register(three, protocol);
				context.publishEvent(new HeartbeatEvent(this, "changed"));
				assertThat(callUntil(stub, () -> three.calls() > threeBefore)).isTrue();
			});
	}

	@ParameterizedTest
	@EnumSource(RpcProtocol.class)
	void failedConnectionListsTheInstancesAgainWithoutWaitingForTheInterval(RpcProtocol protocol) throws IOException {
		this.registered.add(new DefaultServiceInstance("gone", "echo", "localhost", portNobodyListensOn(), false));
		clientOf(protocol).withPropertyValues("rpc.client.test.discovery-refresh-interval=1h").run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.echo(echo("to the gone one")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			this.registered.clear();
			int threeBefore = three.calls();
			register(three, protocol);
			assertThat(callUntil(stub, () -> three.calls() > threeBefore)).as("calls reach the instance listed since")
				.isTrue();
		});
	}

	/**
	 * A listing that found no instance, as one can between two deployments of a service, is
	 * taken again when a call finds none rather than at the next interval, as grpc-java's
	 * channel resolves again after a resolution gave no address.
	 */
	@ParameterizedTest
	@EnumSource(RpcProtocol.class)
	void serviceListedWithoutInstancesIsListedAgainWhenCalled(RpcProtocol protocol) {
		clientOf(protocol).withPropertyValues("rpc.client.test.discovery-refresh-interval=1h").run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.echo(echo("to nobody")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			int threeBefore = three.calls();
			register(three, protocol);
			assertThat(callUntil(stub, () -> three.calls() > threeBefore)).as("calls reach the instance listed since")
				.isTrue();
		});
	}

	/** A client of "discovery:///echo", configured only through its public properties. */
	private ApplicationContextRunner clientOfOneAndTwo(RpcProtocol protocol) {
		register(one, protocol);
		register(two, protocol);
		return clientOf(protocol);
	}

	private ApplicationContextRunner clientOf(RpcProtocol protocol) {
		SimpleDiscoveryProperties properties = new SimpleDiscoveryProperties();
		properties.setInstances(Map.of("echo", this.registered));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
			.withBean(SimpleDiscoveryClient.class, () -> new SimpleDiscoveryClient(properties))
			.withBean(Clients.class)
			.withPropertyValues("rpc.client.test.address=discovery:///echo",
					"rpc.client.test.protocol=" + protocol.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	private void register(RunningInstance instance, RpcProtocol protocol) {
		this.registered.add(new DefaultServiceInstance(instance.name(), "echo", "localhost",
				instance.port(protocol == RpcProtocol.GRPC), false));
	}

	/** Whether ten calls in a row all went elsewhere. */
	private static boolean lastCallsSkip(TestServiceGrpc.TestServiceBlockingStub stub, RunningInstance instance) {
		int before = instance.calls();
		for (int i = 0; i < 10; i++) {
			stub.echo(echo("check"));
		}
		return instance.calls() == before;
	}

	private static int portNobodyListensOn() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Calls, a few milliseconds apart, until the condition holds or 10 seconds passed; a
	 * call that fails as unavailable is one more try.
	 */
	private static boolean callUntil(TestServiceGrpc.TestServiceBlockingStub stub, BooleanSupplier condition)
			throws InterruptedException {
		long giveUp = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < giveUp) {
			try {
				stub.echo(echo("call"));
			}
			catch (StatusRuntimeException ex) {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			}
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub test;

	}

}
