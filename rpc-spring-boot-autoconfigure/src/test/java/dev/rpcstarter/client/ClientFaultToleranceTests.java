package dev.rpcstarter.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.rpcstarter.client.TestCalls.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Clients facing instances that go down and come back, on loopback with real servers, over
 * native gRPC and over Connect.
 */
class ClientFaultToleranceTests {

	private static final Duration DEADLINE = Duration.ofSeconds(3);

	private static ApplicationContextRunner client(RpcProtocol protocol, String address) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
			.withBean(Clients.class)
			.withPropertyValues("rpc.client.test.protocol=" + protocol.name().toLowerCase().replace('_', '-'),
					"rpc.client.test.address=" + address, "rpc.client.default.deadline=" + DEADLINE.toMillis() + "ms");
	}

	@ParameterizedTest
	@EnumSource(value = RpcProtocol.class, names = { "GRPC", "CONNECT" })
	void instanceThatIsDownFailsCallsFastAndIsCalledAgainOnceBackOnTheSamePort(RpcProtocol protocol) {
		boolean grpc = protocol == RpcProtocol.GRPC;
		try (RunningInstance instance = new RunningInstance("one")) {
			client(protocol, "static://localhost:" + instance.port(grpc)).run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
				assertThat(stub.echo(echo("before")).getMessage()).isEqualTo("one:before");
				instance.stop();
				for (int i = 0; i < 3; i++) {
					long start = System.nanoTime();
					assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.echo(echo("down")))
						.extracting((ex) -> ex.getStatus().getCode())
						.isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE);
				}
				instance.start();
				// grpc-java reconnects after a backoff of about a second, growing: poll.
				String answer = null;
				long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
				while (answer == null && System.nanoTime() < giveUp) {
					try {
						answer = stub.echo(echo("after")).getMessage();
					}
					catch (StatusRuntimeException ex) {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
						Thread.sleep(100);
					}
				}
				assertThat(answer).isEqualTo("one:after");
			});
		}
	}

	@ParameterizedTest
	@EnumSource(value = RpcProtocol.class, names = { "GRPC", "CONNECT" })
	void callsSpreadOverTwoInstancesAndRetriesCarryThoseOfAStoppedOneToTheOther(RpcProtocol protocol)
			throws Exception {
		boolean grpc = protocol == RpcProtocol.GRPC;
		try (RunningInstance one = new RunningInstance("one"); RunningInstance two = new RunningInstance("two")) {
			client(protocol, "static://localhost:" + one.port(grpc) + ",localhost:" + two.port(grpc))
				.withPropertyValues("rpc.client.test.retry.enabled=true", "rpc.client.test.retry.max-attempts=5")
				.run((context) -> {
					TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).test;
					// Round robin uses an instance once its connection is up: warm both up.
					for (int i = 0; i < 100 && (one.calls() == 0 || two.calls() == 0); i++) {
						stub.echo(echo("warm up"));
					}
					assertThat(one.calls()).isPositive();
					assertThat(two.calls()).isPositive();
					int oneBefore = one.calls();
					int twoBefore = two.calls();

					List<FailedCall> failures = new CopyOnWriteArrayList<>();
					AtomicLong stopStarted = new AtomicLong(Long.MAX_VALUE);
					AtomicLong stopEnded = new AtomicLong(Long.MAX_VALUE);
					AtomicInteger done = new AtomicInteger();
					CountDownLatch stopTime = new CountDownLatch(1);
					ExecutorService callers = Executors.newFixedThreadPool(4);
					try {
						List<Future<?>> loops = new CopyOnWriteArrayList<>();
						for (int t = 0; t < 4; t++) {
							loops.add(callers.submit(() -> {
								for (int i = 0; i < 50; i++) {
									long start = System.nanoTime();
									try {
										stub.echo(echo("load"));
									}
									catch (StatusRuntimeException ex) {
										failures.add(new FailedCall(start, System.nanoTime(), ex.getStatus()));
									}
									if (done.incrementAndGet() == 40) {
										stopTime.countDown();
									}
								}
							}));
						}
						assertThat(stopTime.await(30, TimeUnit.SECONDS)).isTrue();
						stopStarted.set(System.nanoTime());
						two.stop();
						stopEnded.set(System.nanoTime());
						for (Future<?> loop : loops) {
							loop.get(60, TimeUnit.SECONDS);
						}
					}
					finally {
						callers.shutdownNow();
					}
					// A call lost is one that was on the stopped instance when it stopped: grpc-java's
					// server cancels those (CANCELLED), Tomcat may answer them 400 (INTERNAL); neither
					// is safe to retry. Every other failure, UNAVAILABLE, is retried on the instance left.
					assertThat(failures).as("failed calls").hasSizeLessThanOrEqualTo(4).allSatisfy((failed) -> {
						assertThat(failed.started()).as("started before the stop ended: " + failed)
							.isLessThan(stopEnded.get());
						assertThat(failed.ended()).as("ended after the stop started: " + failed)
							.isGreaterThan(stopStarted.get());
					});
					assertThat(done).hasValue(200);
					assertThat(one.calls() - oneBefore).as("calls served by the instance left").isPositive();
					assertThat(two.calls() - twoBefore).as("calls served by the stopped one before it stopped")
						.isPositive();
				});
		}
	}

	private record FailedCall(long started, long ended, Status status) {
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub test;

	}

}
