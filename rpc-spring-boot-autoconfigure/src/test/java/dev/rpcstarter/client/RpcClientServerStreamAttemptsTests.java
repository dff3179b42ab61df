package dev.rpcstarter.client;

import java.util.ArrayList;
import java.util.List;

import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries and hedging of server streams, over all three protocols: a stream is tried again,
 * or has further copies sent, while it fails before its first message; its first message
 * commits it to that attempt. (grpc-java commits at the response headers, which the gRPC port
 * sends with the first message, or with a failure in gRPC's Trailers-Only form.)
 */
class RpcClientServerStreamAttemptsTests extends TestApplicationClients {

	private static final String[] RETRIES_ON = { "rpc.client.test.retry.enabled=true",
			"rpc.client.test.retry.max-attempts=3", "rpc.client.test.retry.initial-backoff=1ms" };

	private static final String[] HEDGING_ON = { "rpc.client.test.hedging.enabled=true",
			"rpc.client.test.hedging.max-attempts=3", "rpc.client.test.hedging.delay=2s" };

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void streamThatFailsBeforeItsFirstMessageIsRetried(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			Outcome outcome = readStream(context.getBean(Clients.class).stub, failingAfter(0, Status.Code.UNAVAILABLE));

			assertThat(outcome.messages()).isEmpty();
			assertThat(outcome.failure()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.serverCalls()).isEqualTo(3);
			assertThat(CallRecordingInterceptor.previousAttemptsOfLast(3)).containsExactly("", "1", "2");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void streamWithoutRetriesIsSentOnce(String protocol) {
		clientOfItsOwnPort(protocol).run((context) -> assertThat(
				readStream(context.getBean(Clients.class).stub, failingAfter(0, Status.Code.UNAVAILABLE)).serverCalls())
			.isEqualTo(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void streamThatFailsAfterItsFirstMessageIsNotRetried(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			Outcome outcome = readStream(context.getBean(Clients.class).stub, failingAfter(2, Status.Code.UNAVAILABLE));

			assertThat(outcome.messages()).containsExactly("tick 0", "tick 1");
			assertThat(outcome.failure()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.serverCalls()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void hedgedStreamWhoseCopiesFailBeforeTheirFirstMessageIsSentAgain(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(HEDGING_ON).run((context) -> {
			Outcome outcome = readStream(context.getBean(Clients.class).stub, failingAfter(0, Status.Code.UNAVAILABLE));

			assertThat(outcome.failure()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.serverCalls()).isEqualTo(3);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void hedgedStreamAnsweredWithinTheDelayIsSentOnceAndReadToItsEnd(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(HEDGING_ON).run((context) -> {
			Outcome outcome = readStream(context.getBean(Clients.class).stub,
					StreamRequest.newBuilder().setMessage("tick").setCount(3).build());

			assertThat(outcome.messages()).containsExactly("tick 0", "tick 1", "tick 2");
			assertThat(outcome.failure()).isNull();
			assertThat(outcome.serverCalls()).isEqualTo(1);
		});
	}

	/** A stream of that many messages, then the failure. */
	private static StreamRequest failingAfter(int messages, Status.Code code) {
		return StreamRequest.newBuilder().setMessage("tick").setCount(messages).setFailCode(code.name()).build();
	}

	/** Reads a server stream to its end, and counts the calls the server saw for it. */
	private static Outcome readStream(TestServiceGrpc.TestServiceBlockingStub stub, StreamRequest request) {
		int before = CallRecordingInterceptor.count();
		List<String> messages = new ArrayList<>();
		Status.Code failure = null;
		try {
			stub.serverStream(request).forEachRemaining((message) -> messages.add(message.getMessage()));
		}
		catch (StatusRuntimeException ex) {
			failure = ex.getStatus().getCode();
		}
		return new Outcome(messages, failure, CallRecordingInterceptor.count() - before);
	}

	private record Outcome(List<String> messages, Status.Code failure, int serverCalls) {
	}

}
