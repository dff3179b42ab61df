package dev.rpcstarter.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code discovery:///service-id} addresses follow the instances that Spring Cloud's
 * properties-based {@link SimpleDiscoveryClient} lists, as they change at run time.
 */
class DiscoveryAddressTests {

	private final List<RunningTestServer> servers = new ArrayList<>();

	/** The registry's view of the service "echo"; tests change it while clients run. */
	private final List<DefaultServiceInstance> registered = new CopyOnWriteArrayList<>();

	private ApplicationContextRunner runner;

	@BeforeEach
	void startTwoInstances() throws Exception {
		register(start("one"));
		register(start("two"));
		SimpleDiscoveryProperties properties = new SimpleDiscoveryProperties();
		properties.setInstances(Map.of("echo", this.registered));
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
			.withBean(SimpleDiscoveryClient.class, () -> new SimpleDiscoveryClient(properties))
			.withBean(Clients.class)
			.withPropertyValues("rpc.client.test.address=discovery:///echo");
	}

	@AfterEach
	void stopInstances() throws InterruptedException {
		for (RunningTestServer server : this.servers) {
			server.close();
		}
	}

	@Test
	void callsSpreadOverTheDiscoveredInstances() {
		this.runner.run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
			assertThat(callUntil(stub, () -> server("one").calls() > 0 && server("two").calls() > 0)).isTrue();
		});
	}

	@Test
	void clientFollowsInstancesAddedAndRemovedAfterARefresh() {
		this.runner.withPropertyValues("rpc.client.test.discovery-refresh-interval=200ms").run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
			stub.echo(echo("first"));
			register(start("three"));
			assertThat(callUntil(stub, () -> server("three").calls() > 0)).as("the added instance gets calls").isTrue();
			this.registered.removeIf((instance) -> instance.getInstanceId().equals("one"));
			assertThat(callUntil(stub, () -> lastCallsSkip(stub, "one"))).as("the removed instance gets none").isTrue();
		});
	}

	@Test
	void heartbeatOfTheRegistryRefreshesAtOnce() {
		this.runner.withPropertyValues("rpc.client.test.discovery-refresh-interval=1h").run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
			stub.echo(echo("first"));
			register(start("three"));
			context.publishEvent(new HeartbeatEvent(this, "changed"));
			assertThat(callUntil(stub, () -> server("three").calls() > 0)).isTrue();
		});
	}

	private RunningTestServer start(String name) throws Exception {
		RunningTestServer server = new RunningTestServer(name);
		this.servers.add(server);
		return server;
	}

	private void register(RunningTestServer server) {
		this.registered.add(new DefaultServiceInstance(server.name(), "echo", "localhost", server.port(), false));
	}

	private RunningTestServer server(String name) {
		return this.servers.stream().filter((server) -> server.name().equals(name)).findFirst().orElseThrow();
	}

	/** Whether ten calls in a row all went elsewhere. */
	private boolean lastCallsSkip(TestServiceGrpc.TestServiceBlockingStub stub, String name) {
		int before = server(name).calls();
		for (int i = 0; i < 10; i++) {
			stub.echo(echo("check"));
		}
		return server(name).calls() == before;
	}

	/** Calls, a few milliseconds apart, until the condition holds or 10 seconds passed. */
	private static boolean callUntil(TestServiceGrpc.TestServiceBlockingStub stub, BooleanSupplier condition)
			throws InterruptedException {
		long giveUp = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < giveUp) {
			stub.echo(echo("call"));
			if (condition.getAsBoolean()) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	private static EchoRequest echo(String message) {
		return EchoRequest.newBuilder().setMessage(message).build();
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub test;

	}

}
