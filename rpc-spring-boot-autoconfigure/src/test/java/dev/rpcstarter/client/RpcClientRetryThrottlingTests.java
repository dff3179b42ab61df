package dev.rpcstarter.client;

import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.rpcstarter.client.TestCalls.echo;
import static dev.rpcstarter.client.TestCalls.serverCallsOfAFailingCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rpc.client.<name>.retry-throttling.*}: while a client's calls keep failing, it stops
 * retrying them and sending hedged copies, and starts again once calls succeed. Over native
 * gRPC (grpc-java's throttling, to the gRPC port) and the Connect transport (the channel's own,
 * to the web port) alike, with 4 tokens: each retryable failure takes one, retries go while
 * more than 2 are left, and with a token ratio of 1 each success gives one back.
 */
class RpcClientRetryThrottlingTests extends TestApplicationClients {

	private static final String[] THROTTLING_ON = { "rpc.client.test.retry-throttling.enabled=true",
			"rpc.client.test.retry-throttling.max-tokens=4", "rpc.client.test.retry-throttling.token-ratio=1" };

	/**
	 * With the retry policy set on Fail alone, the successes of Echo, which is sent once, give
	 * the tokens back all the same: gRFC A6 counts every call of the client.
	 */
	@ParameterizedTest(name = "{0}, retry settings in rpc.client.test.{1}")
	@CsvSource({ "grpc, retry", "connect, retry", "grpc, methods.Fail.retry", "connect, methods.Fail.retry" })
	void retriesStopWhileCallsKeepFailingAndComeBackAfterSuccesses(String protocol, String retrySettings) {
		String prefix = "rpc.client.test." + retrySettings;
		clientOfItsOwnPort(protocol)
			.withPropertyValues(prefix + ".enabled=true", prefix + ".max-attempts=5", prefix + ".initial-backoff=1ms")
			.withPropertyValues(THROTTLING_ON)
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).stub;
				// 4 tokens: the first failure leaves 3 and is retried, the second leaves 2.
				assertThat(serverCallsOfAFailingCall(stub, Status.Code.UNAVAILABLE)).isEqualTo(2);
				// 1 token left: not retried.
				assertThat(serverCallsOfAFailingCall(stub, Status.Code.UNAVAILABLE)).isEqualTo(1);
				// Three successes give back three tokens, up to the 4 of the start.
				for (int i = 0; i < 3; i++) {
					stub.echo(echo("ok"));
				}
				assertThat(serverCallsOfAFailingCall(stub, Status.Code.UNAVAILABLE)).isEqualTo(2);
			});
	}

	/** The control of the test above: without throttling, every call is tried five times. */
	@Test
	void retriesGoOnWithoutThrottling() {
		clientOfItsOwnPort("connect")
			.withPropertyValues("rpc.client.test.retry.enabled=true", "rpc.client.test.retry.max-attempts=5",
					"rpc.client.test.retry.initial-backoff=1ms")
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).stub;
				assertThat(serverCallsOfAFailingCall(stub, Status.Code.UNAVAILABLE)).isEqualTo(5);
				assertThat(serverCallsOfAFailingCall(stub, Status.Code.UNAVAILABLE)).isEqualTo(5);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect" })
	void hedgedCopiesStopWhileCallsKeepFailing(String protocol) {
		clientOfItsOwnPort(protocol)
			.withPropertyValues("rpc.client.test.hedging.enabled=true", "rpc.client.test.hedging.max-attempts=3",
					"rpc.client.test.hedging.delay=500ms")
			.withPropertyValues(THROTTLING_ON)
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).stub;
				// Connects first (a success adds nothing to the 4 tokens), so that no copy goes
				// after the delay before the first copy has failed.
				stub.echo(echo("connect"));
				// 4 tokens: the first copy's failure leaves 3 and a second copy goes, whose
				// failure leaves 2: no third.
				assertThat(serverCallsOfAFailingCall(stub, Status.Code.UNAVAILABLE)).isEqualTo(2);
				assertThat(serverCallsOfAFailingCall(stub, Status.Code.UNAVAILABLE)).isEqualTo(1);
			});
	}

	@Test
	void throttlingSettingOutOfRangeFailsStartUpNamingIt() {
		clientOfItsOwnPort("connect").withPropertyValues(THROTTLING_ON)
			.withPropertyValues("rpc.client.test.retry-throttling.max-tokens=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has an invalid retry throttling: rpc.client.test.retry-throttling.max-tokens "
						+ "must be from 1 to 1000, was 0"));
	}

}
