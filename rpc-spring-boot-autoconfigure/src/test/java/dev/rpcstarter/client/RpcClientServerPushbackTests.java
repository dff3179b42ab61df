package dev.rpcstarter.client;

import java.util.concurrent.TimeUnit;

import dev.rpcstarter.test.v1.FailRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static dev.rpcstarter.client.TestCalls.serverCallsOfAFailingCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's pushback (gRFC A6's {@code grpc-retry-pushback-ms} trailer) steers the client's
 * retries and hedging: a negative value stops them, a delay replaces the backoff or the time
 * to the next copy. The test service's Fail sends the trailer the request asks for. Over native
 * gRPC (grpc-java, to the gRPC port) and the Connect and gRPC-Web transports (to the web port).
 */
class RpcClientServerPushbackTests extends TestApplicationClients {

	private static final String[] HEDGING_ON = { "rpc.client.test.hedging.enabled=true",
			"rpc.client.test.hedging.max-attempts=3", "rpc.client.test.hedging.delay=300ms" };

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void pushbackThatRefusesStopsRetries(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON)
			.run((context) -> assertThat(attempts(context, "-1")).isEqualTo(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void pushbackDelayReplacesTheBackoff(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			long start = System.nanoTime();
			assertThat(attempts(context, "300")).isEqualTo(3);
			// Two retries of 1 ms backoff each, but 300 ms pushback each.
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(600);
		});
	}

	/** The control of the test above: without pushback the same retries take 1 ms pauses. */
	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void retriesWithoutPushbackFollowTheBackoff(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			attempts(context, ""); // connects the channel
			long start = System.nanoTime();
			assertThat(attempts(context, "")).isEqualTo(3);
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(600);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void pushbackThatRefusesStopsFurtherHedgedCopies(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(HEDGING_ON).run((context) -> {
			assertThat(attempts(context, "-1")).isEqualTo(1);
			// The control: without pushback, every copy goes.
			assertThat(attempts(context, "")).isEqualTo(3);
		});
	}

	/**
	 * Over connect and grpc-web a copy that fails with a non-fatal code has the next sent at
	 * once, unless the server asks for a delay.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "connect", "grpc-web" })
	void pushbackDelayPostponesTheNextHedgedCopy(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(HEDGING_ON)
			.withPropertyValues("rpc.client.test.hedging.max-attempts=2", "rpc.client.test.hedging.delay=1m")
			.run((context) -> {
				attempts(context, ""); // connects the channel
				long start = System.nanoTime();
				assertThat(attempts(context, "")).isEqualTo(2);
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(300);
				start = System.nanoTime();
				assertThat(attempts(context, "300")).isEqualTo(2);
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
			});
	}

	/** Calls Fail, which answers UNAVAILABLE with that pushback, and counts the calls the server saw. */
	private static int attempts(AssertableApplicationContext context, String pushbackMillis) {
		return serverCallsOfAFailingCall(context.getBean(Clients.class).stub,
				FailRequest.newBuilder().setCode("UNAVAILABLE").setRetryPushbackMs(pushbackMillis).build());
	}

}
