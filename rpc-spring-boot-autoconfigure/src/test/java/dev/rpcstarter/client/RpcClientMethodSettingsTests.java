package dev.rpcstarter.client;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.Duration;
import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.rpcstarter.client.TestCalls.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code rpc.client.<name>.methods.<method>.deadline} gives the calls of one method their own
 * deadline, over the client's and under the caller's own; the default entry's method settings
 * are inherited; a method the service does not have fails start-up. Over native gRPC and the
 * Connect transport alike.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class RpcClientMethodSettingsTests {

	private static final SleepRequest SLEEP_300MS = SleepRequest.newBuilder()
		.setDuration(Duration.newBuilder().setNanos(300_000_000))
		.build();

	@LocalServerPort
	private int webPort;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
		.withBean(Clients.class);

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect" })
	void methodDeadlineWinsOverTheClientsForThatMethodOnly(String protocol) {
		client(protocol).withPropertyValues("rpc.client.test.deadline=10s", "rpc.client.test.methods.Sleep.deadline=50ms")
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).stub;
				// The other method first: it connects the channel, so that the deadline does not
				// pass while it connects (see TomcatHttp2DefectTests).
				assertThat(stub.echo(echo("other method")).getMessage()).isEqualTo("other method");
				assertSleepPassesItsDeadline(stub);
			});
	}

	@Test
	void methodDeadlineMayBeLongerThanTheClients() {
		client("grpc").withPropertyValues("rpc.client.test.deadline=50ms", "rpc.client.test.methods.Sleep.deadline=10s")
			.run((context) -> assertThat(context.getBean(Clients.class).stub.sleep(SLEEP_300MS).getMessage())
				.isEqualTo("slept"));
	}

	@Test
	void callersOwnDeadlineWinsOverTheMethods() {
		client("grpc").withPropertyValues("rpc.client.test.methods.Sleep.deadline=50ms")
			.run((context) -> assertThat(context.getBean(Clients.class).stub.withDeadlineAfter(10, TimeUnit.SECONDS)
				.sleep(SLEEP_300MS)
				.getMessage()).isEqualTo("slept"));
	}

	@Test
	void methodSettingsOfTheDefaultEntryAreInherited() {
		client("grpc").withPropertyValues("rpc.client.default.methods.Sleep.deadline=50ms")
			.run((context) -> assertSleepPassesItsDeadline(context.getBean(Clients.class).stub));
	}

	@Test
	void clientsOwnSettingOfAMethodWinsOverTheDefaultEntrys() {
		client("grpc")
			.withPropertyValues("rpc.client.default.methods.Sleep.deadline=50ms",
					"rpc.client.test.methods.Sleep.deadline=10s")
			.run((context) -> assertThat(context.getBean(Clients.class).stub.sleep(SLEEP_300MS).getMessage())
				.isEqualTo("slept"));
	}

	@Test
	void methodTheServiceDoesNotHaveFailsStartUpNamingItsMethods() {
		client("grpc").withPropertyValues("rpc.client.test.methods.Slep.deadline=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has settings for the method 'Slep' in rpc.client.test.methods, which "
						+ "rpcstarter.test.v1.TestService does not have: its methods are ")
				.hasMessageContaining("Sleep"));
	}

	private static void assertSleepPassesItsDeadline(TestServiceGrpc.TestServiceBlockingStub stub) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.sleep(SLEEP_300MS))
			.extracting((ex) -> ex.getStatus().getCode())
			.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
	}

	/** A client of the test application's web port, which serves gRPC too over h2c. */
	private ApplicationContextRunner client(String protocol) {
		String address = (protocol.equals("grpc") ? "static://localhost:" : "http://localhost:") + this.webPort;
		return this.runner.withPropertyValues("rpc.client.test.protocol=" + protocol, "rpc.client.test.address=" + address);
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub stub;

	}

}
