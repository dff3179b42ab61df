package dev.rpcstarter.client;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.Duration;
import dev.rpcstarter.RpcClient;
import dev.rpcstarter.test.v1.LibraryServiceGrpc;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.rpcstarter.client.TestCalls.echo;
import static dev.rpcstarter.client.TestCalls.serverCallsOfAFailingCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code rpc.client.<name>.methods.<method>.deadline} gives the calls of one method their own
 * deadline, over the client's and under the caller's own; {@code methods.<method>.retry.*}
 * their own retries, setting by setting over the client's; the default entry's method settings
 * are inherited; a method the service does not have fails start-up. Over native gRPC and the
 * Connect transport alike.
 */
class RpcClientMethodSettingsTests extends TestApplicationClients {

	private static final SleepRequest SLEEP_300MS = SleepRequest.newBuilder()
		.setDuration(Duration.newBuilder().setNanos(300_000_000))
		.build();

	private static final String[] RETRIES_ON = { "rpc.client.test.retry.enabled=true",
			"rpc.client.test.retry.max-attempts=3", "rpc.client.test.retry.initial-backoff=1ms" };

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

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect" })
	void clientsRetriesRepeatAFailedCall(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			assertThat(attemptsOfAnUnavailableCall(context)).isEqualTo(3);
			// gRFC A6: each retry tells the server how many attempts went before it.
			assertThat(CallRecordingInterceptor.previousAttemptsOfLast(3)).containsExactly("", "1", "2");
		});
	}

	/**
	 * Pins what clients.md says: the web port answers a gRPC failure with headers and then
	 * trailers (see GrpcFraming), and gRPC clients retry only until headers arrive.
	 */
	@Test
	void grpcClientDoesNotRetryAFailureOfTheWebPort() {
		client("grpc").withPropertyValues(RETRIES_ON)
			.run((context) -> assertThat(attemptsOfAnUnavailableCall(context)).isEqualTo(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect" })
	void methodWhoseRetriesAreOffIsCalledOnceWhileTheClientRetries(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON)
			.withPropertyValues("rpc.client.test.methods.Fail.retry.enabled=false")
			.run((context) -> assertThat(attemptsOfAnUnavailableCall(context)).isEqualTo(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect" })
	void methodWhoseRetriesAreOnIsRetriedWhileTheClientDoesNotRetry(String protocol) {
		clientOfItsOwnPort(protocol)
			.withPropertyValues("rpc.client.test.methods.Fail.retry.enabled=true",
					"rpc.client.test.methods.Fail.retry.max-attempts=4",
					"rpc.client.test.methods.Fail.retry.initial-backoff=1ms")
			.run((context) -> assertThat(attemptsOfAnUnavailableCall(context)).isEqualTo(4));
	}

	@Test
	void methodRetryInheritsTheClientsRetrySettingsItDoesNotSet() {
		clientOfItsOwnPort("grpc").withPropertyValues(RETRIES_ON)
			.withPropertyValues("rpc.client.test.methods.Fail.retry.max-attempts=2")
			.run((context) -> assertThat(attemptsOfAnUnavailableCall(context)).isEqualTo(2));
	}

	@Test
	void methodRetrySettingsOfTheDefaultEntryAreInherited() {
		clientOfItsOwnPort("grpc").withPropertyValues(RETRIES_ON)
			.withPropertyValues("rpc.client.default.methods.Fail.retry.enabled=false")
			.run((context) -> assertThat(attemptsOfAnUnavailableCall(context)).isEqualTo(1));
	}

	@Test
	void methodRetrySettingOutOfRangeFailsStartUpNamingIt() {
		clientOfItsOwnPort("connect").withPropertyValues("rpc.client.test.methods.Fail.retry.enabled=true",
				"rpc.client.test.methods.Fail.retry.max-attempts=1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has an invalid retry policy: rpc.client.test.methods.Fail.retry.max-attempts "
						+ "must be at least 2, was 1"));
	}

	/**
	 * grpc-java's service config names a method with its service, and is fixed when the channel
	 * is built, for the first stub's service.
	 */
	@Test
	void grpcClientWithMethodRetriesServesOneServiceOnly() {
		clientOfItsOwnPort("grpc").withBean(TwoServices.class)
			.withPropertyValues("rpc.client.test.methods.Fail.retry.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sets retries or hedging per method in rpc.client.test.methods, which the grpc protocol ties "
						+ "to one service per client: rpcstarter.test.v1.TestService was injected first, so "
						+ "rpcstarter.test.v1.LibraryService needs a client name of its own"));
	}

	/**
	 * The control of the test above: a grpc client that retries, but sets no retries per
	 * method, serves stubs of any number of services.
	 */
	@Test
	void grpcClientWithoutMethodRetriesServesSeveralServices() {
		clientOfItsOwnPort("grpc").withBean(TwoServices.class).withPropertyValues(RETRIES_ON).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TwoServices.class).library).isNotNull();
			assertThat(attemptsOfAnUnavailableCall(context)).isEqualTo(3);
		});
	}

	private static int attemptsOfAnUnavailableCall(AssertableApplicationContext context) {
		return serverCallsOfAFailingCall(context.getBean(Clients.class).stub, Status.Code.UNAVAILABLE);
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

	static class TwoServices {

		@RpcClient("test")
		LibraryServiceGrpc.LibraryServiceBlockingStub library;

	}

}
