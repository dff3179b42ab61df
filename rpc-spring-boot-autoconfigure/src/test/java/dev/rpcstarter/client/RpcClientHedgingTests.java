package dev.rpcstarter.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Duration;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.BaseUriPicker;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HedgingPolicy;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import dev.rpcstarter.testservice.TestServiceImpl;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.rpcstarter.client.TestCalls.serverCallsOfAFailingCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code rpc.client.<name>.hedging.*}: a call still waiting after the delay is sent again, the
 * first answer wins and the other copies are cancelled; a fatal failure ends the call at once;
 * the caller's deadline spans every copy. Over native gRPC (grpc-java's hedging, to the gRPC
 * port) and the Connect and gRPC-Web transports (the channel's own, to the web port over h2c).
 */
class RpcClientHedgingTests extends TestApplicationClients {

	private static final String[] HEDGING_ON = { "rpc.client.test.hedging.enabled=true",
			"rpc.client.test.hedging.max-attempts=3", "rpc.client.test.hedging.delay=100ms" };

	@Autowired
	private TestServiceImpl service;

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void slowCallIsAnsweredByTheCopySentAfterTheDelayAndTheSlowCopyIsCancelled(String protocol) {
		client(protocol).withPropertyValues(HEDGING_ON).withPropertyValues("rpc.client.test.deadline=30s").run((context) -> {
			TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).stub;
			int before = CallRecordingInterceptor.count();
			int cancelledBefore = this.service.sleepsCancelled();
			long start = System.nanoTime();
			// The first copy sleeps 20 s; the second, sent after 100 ms, answers at once.
			assertThat(stub.sleep(slowOnce(20)).getMessage()).isEqualTo("slept");
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
			assertThat(CallRecordingInterceptor.count() - before).isEqualTo(2);
			awaitSleepsCancelled(cancelledBefore + 1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void fatalFailureEndsTheCallWithoutFurtherCopies(String protocol) {
		client(protocol).withPropertyValues(HEDGING_ON).run((context) -> {
			assertThat(copiesOfAFailingCall(context, Status.Code.INVALID_ARGUMENT)).isEqualTo(1);
			// No copy is sent after the delay either.
			int before = CallRecordingInterceptor.count();
			Thread.sleep(300);
			assertThat(CallRecordingInterceptor.count()).isEqualTo(before);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void callWhoseEveryCopyFailsWithANonFatalCodeEndsWithThatFailure(String protocol) {
		client(protocol).withPropertyValues(HEDGING_ON)
			.run((context) -> {
				assertThat(copiesOfAFailingCall(context, Status.Code.UNAVAILABLE)).isEqualTo(3);
				// gRFC A6: each copy tells the server how many copies went before it. In any order:
				// on a busy machine the first copy may reach the server after the delay sent the next.
				assertThat(CallRecordingInterceptor.previousAttemptsOfLast(3)).containsExactlyInAnyOrder("", "1", "2");
			});
	}

	/**
	 * gRFC A6: a copy that fails with a non-fatal code has the next copy sent at once, without
	 * waiting for the delay.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "connect", "grpc-web" })
	void copyThatFailsWithANonFatalCodeHasTheNextSentAtOnce(String protocol) {
		client(protocol).withPropertyValues(HEDGING_ON).withPropertyValues("rpc.client.test.hedging.delay=1m")
			.run((context) -> {
				long start = System.nanoTime();
				assertThat(copiesOfAFailingCall(context, Status.Code.UNAVAILABLE)).isEqualTo(3);
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void callersDeadlineEndsEveryCopy(String protocol) {
		client(protocol).withPropertyValues(HEDGING_ON).withPropertyValues("rpc.client.test.hedging.max-attempts=2")
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).stub;
				int before = CallRecordingInterceptor.count();
				int cancelledBefore = this.service.sleepsCancelled();
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> stub.withDeadlineAfter(1, TimeUnit.SECONDS).sleep(sleep(20, "")))
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
				assertThat(CallRecordingInterceptor.count() - before).isEqualTo(2);
				awaitSleepsCancelled(cancelledBefore + 2);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void cancellingTheCallCancelsEveryCopy(String protocol) {
		client(protocol).withPropertyValues(HEDGING_ON).run((context) -> {
			TestServiceGrpc.TestServiceFutureStub stub = context.getBean(Clients.class).future;
			int startedBefore = this.service.sleepsStarted();
			int cancelledBefore = this.service.sleepsCancelled();
			ListenableFuture<EchoResponse> answer = stub.sleep(sleep(20, ""));
			// The service's own count: a copy the server started, but that is cancelled before
			// its request message arrives, never reaches the service, nor counts as its cancellation.
			Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(5))
				.until(() -> this.service.sleepsStarted() - startedBefore == 3);
			answer.cancel(true);
			awaitSleepsCancelled(cancelledBefore + 3);
			assertThatExceptionOfType(CancellationException.class).isThrownBy(answer::get);
		});
	}

	/**
	 * Many hedged calls at once, each with a slow first copy: each is answered once, every slow
	 * copy is cancelled on the server, the channel ends with no exchange left open, and the web
	 * server has no request left in progress: a copy that lost after its service had answered
	 * used to leave one now and then (see StreamingResponse#flush), which held a graceful
	 * shutdown up for its whole timeout.
	 */
	@ParameterizedTest
	@EnumSource(value = RpcProtocol.class, names = { "CONNECT", "GRPC_WEB" })
	void concurrentHedgedCallsAreEachAnsweredOnceAndLeaveNoCopyOpen(RpcProtocol protocol) throws Exception {
		ConnectChannel channel = ConnectChannel.builder(protocol, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(URI.create("http://localhost:" + this.webPort))))
			.httpVersion(HttpVersion.HTTP_2)
			.attemptPolicy(new HedgingPolicy(3, java.time.Duration.ofMillis(20), Set.of(Status.Code.UNAVAILABLE)))
			.build();
		int inProgressBefore = requestsInProgress();
		try {
			TestServiceGrpc.TestServiceFutureStub stub = TestServiceGrpc.newFutureStub(channel)
				.withDeadlineAfter(30, TimeUnit.SECONDS);
			int cancelledBefore = this.service.sleepsCancelled();
			List<ListenableFuture<EchoResponse>> answers = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				answers.add(stub.sleep(slowOnce(5)));
			}
			for (ListenableFuture<EchoResponse> answer : answers) {
				assertThat(answer.get(20, TimeUnit.SECONDS).getMessage()).isEqualTo("slept");
			}
			awaitSleepsCancelled(cancelledBefore + 200);
		}
		finally {
			channel.shutdown();
		}
		assertThat(channel.awaitTermination(5, TimeUnit.SECONDS)).as("every copy has ended").isTrue();
		awaitRequestsInProgressAtMost(inProgressBefore);
	}


	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect" })
	void methodThatTurnsHedgingOnIsHedgedWhileTheClientsOtherMethodsAreRetried(String protocol) {
		client(protocol)
			.withPropertyValues("rpc.client.test.retry.enabled=true", "rpc.client.test.retry.max-attempts=4",
					"rpc.client.test.retry.initial-backoff=1ms", "rpc.client.test.methods.Sleep.hedging.enabled=true",
					"rpc.client.test.methods.Sleep.hedging.delay=100ms", "rpc.client.test.deadline=30s")
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).stub;
				int before = CallRecordingInterceptor.count();
				assertThat(stub.sleep(slowOnce(20)).getMessage()).isEqualTo("slept");
				assertThat(CallRecordingInterceptor.count() - before).isEqualTo(2);
				assertThat(copiesOfAFailingCall(context, Status.Code.UNAVAILABLE)).isEqualTo(4);
			});
	}

	@Test
	void retriesAndHedgingBothOnFailStartUp() {
		client("connect").withPropertyValues(HEDGING_ON)
			.withPropertyValues("rpc.client.test.retry.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sets both rpc.client.test.retry.enabled and rpc.client.test.hedging.enabled: "
						+ "a call is retried or hedged, not both"));
	}

	@Test
	void methodWithRetriesAndHedgingBothOnFailsStartUp() {
		client("grpc")
			.withPropertyValues("rpc.client.test.methods.Sleep.retry.enabled=true",
					"rpc.client.test.methods.Sleep.hedging.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sets both rpc.client.test.methods.Sleep.retry.enabled and "
						+ "rpc.client.test.methods.Sleep.hedging.enabled: a call is retried or hedged, not both"));
	}

	@Test
	void hedgingSettingOutOfRangeFailsStartUpNamingIt() {
		client("grpc").withPropertyValues(HEDGING_ON)
			.withPropertyValues("rpc.client.test.hedging.delay=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has an invalid hedging policy: rpc.client.test.hedging.delay must not be "
						+ "negative, was PT-1S"));
	}

	/**
	 * Waits until the service has seen that many Sleep calls cancelled in all; at least, as a
	 * sleep that an earlier test left running may end cancelled meanwhile.
	 */
	private void awaitSleepsCancelled(int count) {
		Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.service.sleepsCancelled()).isGreaterThanOrEqualTo(count));
	}

	/** Calls Fail, which answers with the given code, and counts the copies the server saw. */
	private static int copiesOfAFailingCall(AssertableApplicationContext context, Status.Code code) {
		return serverCallsOfAFailingCall(context.getBean(Clients.class).stub, code);
	}

	/** A Sleep whose first call sleeps, and whose copies answer at once. */
	private static SleepRequest slowOnce(int seconds) {
		return sleep(seconds, UUID.randomUUID().toString());
	}

	/**
	 * The service answers from a thread of its own, so that it hears of the cancellation of
	 * its call over HTTP/2 (see protocols.md).
	 */
	private static SleepRequest sleep(int seconds, String slowOnceKey) {
		return SleepRequest.newBuilder()
			.setDuration(Duration.newBuilder().setSeconds(seconds))
			.setAnswerFromOwnThread(true)
			.setSlowOnceKey(slowOnceKey)
			.build();
	}

	/**
	 * A client of the gRPC port for grpc; of the web port over h2c for the others, where a
	 * cancelled copy's stream is reset and the service hears of it.
	 */
	private ApplicationContextRunner client(String protocol) {
		ApplicationContextRunner runner = clientOfItsOwnPort(protocol);
		return protocol.equals("grpc") ? runner : runner.withPropertyValues("rpc.client.test.http-version=http_2");
	}

}
