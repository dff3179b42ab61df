package dev.rpcstarter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Retries and hedging of streaming calls, over all three protocols: a call is tried again, or
 * has further copies sent, while it fails before its first response message, which commits it
 * to that attempt; a retried streaming request sends its messages again. (grpc-java commits at
 * the response headers, which the gRPC port sends with the first message, or with a failure in
 * gRPC's Trailers-Only form.)
 */
class RpcClientStreamAttemptsTests extends TestApplicationClients {

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

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void clientStreamThatFailsIsRetriedWithEveryMessageSentAgain(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			ClientStreamOutcome outcome = clientStream(context.getBean(Clients.class).async, "a", "b",
					"fail:UNAVAILABLE");

			assertThat(outcome.failure().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.failure().getDescription()).isEqualTo("failed after a,b");
			assertThat(outcome.serverCalls()).isEqualTo(3);
		});
	}

	/** grpc-java keeps 1 MiB of a call's messages to send again as well (its per-RPC buffer). */
	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void clientStreamThatSentMoreThanCanBeKeptIsNotRetried(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			String large = "x".repeat(600 * 1024);

			ClientStreamOutcome outcome = clientStream(context.getBean(Clients.class).async, large, large,
					"fail:UNAVAILABLE");

			assertThat(outcome.failure().getCode()).as(outcome.failure().toString()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.serverCalls()).isEqualTo(1);
		});
	}

	/**
	 * Messages sent while a retried call waits out the pause after a failure count against
	 * what it can keep as well: a call that sent more than that meanwhile is not sent again, and
	 * ends, when the pause is over, with the failure before it. (grpc-java, which counts its
	 * buffer by what its attempts write, sent such a call again when tried.)
	 */
	@ParameterizedTest
	@ValueSource(strings = { "connect", "grpc-web" })
	void streamThatSendsMoreThanCanBeKeptDuringThePauseEndsWithTheFailureBeforeIt(String protocol) {
		fullDuplexClient(protocol)
			.withPropertyValues(RETRIES_ON)
			.run((context) -> {
				Clients clients = context.getBean(Clients.class);
				clients.stub.echo(EchoRequest.newBuilder().setMessage("connect first").build());
				int before = CallRecordingInterceptor.count();
				CompletableFuture<Status> end = new CompletableFuture<>();
				long start = System.nanoTime();
				StreamObserver<EchoRequest> requests = clients.async.withDeadlineAfter(20, TimeUnit.SECONDS)
					.bidiStream(observerOf((answer) -> {
					}, (error) -> end.complete(Status.fromThrowable(error)), () -> end.complete(Status.OK)));
				// The server fails the stream at once, before any answer, and has the client pause
				// for 3 s (a pushback: the policy's own pauses are random).
				requests.onNext(EchoRequest.newBuilder()
					.setMessage("fail:UNAVAILABLE")
					.addTags("retry-pushback-ms=3000")
					.build());
				Thread.sleep(1000);
				String large = "x".repeat(600 * 1024);
				requests.onNext(EchoRequest.newBuilder().setMessage(large).build());
				requests.onNext(EchoRequest.newBuilder().setMessage(large).build());
				requests.onCompleted();

				Status status = end.get(20, TimeUnit.SECONDS);
				assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.UNAVAILABLE);
				assertThat(status.getDescription()).isEqualTo("failed as asked");
				assertThat(CallRecordingInterceptor.count() - before).isEqualTo(1);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended after the pause")
					.isGreaterThanOrEqualTo(Duration.ofMillis(2900));
			});
	}

	/** The Connect transport hedges only calls that send one message; grpc-java hedges any. */
	@ParameterizedTest
	@ValueSource(strings = { "connect", "grpc-web" })
	void hedgedClientStreamIsSentOnce(String protocol) {
		clientOfItsOwnPort(protocol).withPropertyValues(HEDGING_ON).run((context) -> {
			ClientStreamOutcome outcome = clientStream(context.getBean(Clients.class).async, "a",
					"fail:UNAVAILABLE");

			assertThat(outcome.failure().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.serverCalls()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void bidiStreamThatFailsBeforeItsFirstAnswerIsRetried(String protocol) {
		fullDuplexClient(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			BidiOutcome outcome = bidiStream(context.getBean(Clients.class).async, "fail:UNAVAILABLE");

			assertThat(outcome.answers()).isEmpty();
			assertThat(outcome.failure()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.serverCalls()).isEqualTo(3);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void bidiStreamThatFailsAfterItsFirstAnswerIsNotRetried(String protocol) {
		fullDuplexClient(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			BidiOutcome outcome = bidiStream(context.getBean(Clients.class).async, "a", "fail:UNAVAILABLE");

			assertThat(outcome.answers()).containsExactly("a");
			assertThat(outcome.failure()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(outcome.serverCalls()).isEqualTo(1);
		});
	}

	/**
	 * A retried bidirectional stream that sends 25 MB, far more than it keeps to send again and
	 * than the HTTP/2 windows hold, while its answers come back: the sends that wait for window
	 * and the delivery of the answers share the call's lock, and every answer still arrives.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void retriedBidiStreamSendingMoreThanTheWindowWhileItsAnswersArriveEnds(String protocol) {
		fullDuplexClient(protocol).withPropertyValues(RETRIES_ON).run((context) -> {
			String large = "x".repeat(256 * 1024);
			List<String> answers = new CopyOnWriteArrayList<>();
			CompletableFuture<Status.Code> end = new CompletableFuture<>();

			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
				StreamObserver<EchoRequest> requests = context.getBean(Clients.class).async
					.withDeadlineAfter(20, TimeUnit.SECONDS)
					.bidiStream(observerOf((answer) -> answers.add(answer.getMessage()),
							(error) -> end.complete(Status.fromThrowable(error).getCode()), () -> end.complete(null)));
				for (int i = 0; i < 100; i++) {
					requests.onNext(EchoRequest.newBuilder().setMessage(large).build());
				}
				requests.onCompleted();
				assertThat(end.get(20, TimeUnit.SECONDS)).as("the stream's failure, if any").isNull();
			});
			assertThat(answers).hasSize(100);
		});
	}

	/**
	 * A client of the protocol's own port whose bidirectional calls are full duplex: over h2c to
	 * the web port (they are half duplex over HTTP/1.1).
	 */
	private ApplicationContextRunner fullDuplexClient(String protocol) {
		ApplicationContextRunner runner = clientOfItsOwnPort(protocol);
		return protocol.equals("grpc") ? runner : runner.withPropertyValues("rpc.client.test.http-version=http_2");
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

	/**
	 * Sends the messages on a client stream, half-closes and waits for the outcome, which must
	 * be a failure, and counts the calls the server saw for it.
	 */
	private static ClientStreamOutcome clientStream(TestServiceGrpc.TestServiceStub stub, String... messages)
			throws Exception {
		int before = CallRecordingInterceptor.count();
		CompletableFuture<EchoResponse> answer = new CompletableFuture<>();
		StreamObserver<EchoRequest> requests = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
			.clientStream(observerOf(answer::complete, answer::completeExceptionally, () -> {
			}));
		for (String message : messages) {
			requests.onNext(EchoRequest.newBuilder().setMessage(message).build());
		}
		requests.onCompleted();
		Throwable failure = catchThrowable(() -> answer.get(10, TimeUnit.SECONDS));
		assertThat(failure).hasCauseInstanceOf(StatusRuntimeException.class);
		return new ClientStreamOutcome(((StatusRuntimeException) failure.getCause()).getStatus(),
				CallRecordingInterceptor.count() - before);
	}

	/**
	 * Sends each message on a bidirectional stream once the answer to the one before has come,
	 * the last one without waiting, collects the answers until the stream ends, and counts the
	 * calls the server saw for it.
	 */
	private static BidiOutcome bidiStream(TestServiceGrpc.TestServiceStub stub, String... messages) throws Exception {
		int before = CallRecordingInterceptor.count();
		List<String> answers = new CopyOnWriteArrayList<>();
		CompletableFuture<Status.Code> end = new CompletableFuture<>();
		Semaphore answered = new Semaphore(0);
		StreamObserver<EchoRequest> requests = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
			.bidiStream(observerOf((answer) -> {
				answers.add(answer.getMessage());
				answered.release();
			}, (error) -> end.complete(Status.fromThrowable(error).getCode()), () -> end.complete(null)));
		for (int i = 0; i < messages.length; i++) {
			requests.onNext(EchoRequest.newBuilder().setMessage(messages[i]).build());
			if (i < messages.length - 1) {
				assertThat(answered.tryAcquire(10, TimeUnit.SECONDS)).as("the answer to " + messages[i]).isTrue();
			}
		}
		requests.onCompleted();
		return new BidiOutcome(answers, end.get(10, TimeUnit.SECONDS), CallRecordingInterceptor.count() - before);
	}

	private static StreamObserver<EchoResponse> observerOf(Consumer<EchoResponse> onNext, Consumer<Throwable> onError,
			Runnable onCompleted) {
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoResponse value) {
				onNext.accept(value);
			}

			@Override
			public void onError(Throwable error) {
				onError.accept(error);
			}

			@Override
			public void onCompleted() {
				onCompleted.run();
			}
		};
	}

	private record ClientStreamOutcome(Status failure, int serverCalls) {
	}

	private record BidiOutcome(List<String> answers, Status.Code failure, int serverCalls) {
	}

	private record Outcome(List<String> messages, Status.Code failure, int serverCalls) {
	}

}
