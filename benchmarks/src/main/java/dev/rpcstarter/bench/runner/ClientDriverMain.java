package dev.rpcstarter.bench.runner;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.management.OperatingSystemMXBean;
import dev.rpcstarter.bench.v1.EchoServiceGrpc;
import dev.rpcstarter.bench.v1.HoldRequest;
import dev.rpcstarter.bench.v1.Order;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * The client-side load generator, in its own JVM pinned to the load core: generated stubs over
 * one {@link ClientTransport}, driven by commands on standard input so that one process (and
 * its JIT) serves the warm-up and every round of a target. {@link ClientDriver} is its other end.
 *
 * <p>Arguments: {@code <transport> <port>}. It answers {@code ready} once one call of each
 * {@link Payload} came back equal to its request, then for each command line:
 * <ul>
 * <li>{@code run <payload> <concurrency> <seconds>}: blocking stubs on that many threads, each
 * sending the payload's order ({@code SMALL} or {@code LARGE}) →
 * {@code result <calls> <nanos> <p50 µs> <p99 µs> <errors> <cpu nanos>}</li>
 * <li>{@code hold <streams> <seconds>}: opens that many {@code Hold} streams → {@code held <opened>
 * <failed> <first error>}</li>
 * <li>{@code release}: cancels them → {@code released}</li>
 * </ul>
 * It exits when its standard input closes, so it never outlives the runner.
 */
final class ClientDriverMain {

	private static final long CALL_DEADLINE_SECONDS = 10;

	/** How long the streams of {@code hold} may take to deliver their first message. */
	private static final long HOLD_OPEN_SECONDS = 60;

	private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	/**
	 * Tomcat's default {@code maxConcurrentStreams}. A ConnectChannel's call beyond the limit of
	 * its HTTP/2 connection waits a while for a stream, and held streams never end, so held
	 * Connect streams are spread over channels of this many.
	 */
	private static final int CONNECT_STREAMS_PER_CHANNEL = 100;

	private final ClientTransport transport;

	private final int port;

	private final ManagedChannel channel;

	private final List<ClientCallStreamObserver<HoldRequest>> held = new ArrayList<>();

	/** Channels opened for held streams beyond the first channel's share; closed on release. */
	private final List<ManagedChannel> holdChannels = new ArrayList<>();

	private ClientDriverMain(ClientTransport transport, int port, ManagedChannel channel) {
		this.transport = transport;
		this.port = port;
		this.channel = channel;
	}

	public static void main(String[] args) throws Exception {
		ClientTransport transport = ClientTransport.valueOf(args[0]);
		int port = Integer.parseInt(args[1]);
		ManagedChannel channel = transport.channel(port);
		try {
			ClientDriverMain driver = new ClientDriverMain(transport, port, channel);
			driver.checkAnswer();
			System.out.println("ready");
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line = commands.readLine(); line != null; line = commands.readLine()) {
				System.out.println(driver.execute(line.trim().split(" ")));
			}
		}
		catch (Exception ex) {
			System.out.println("failed " + ex);
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private String execute(String[] command) throws InterruptedException {
		return switch (command[0]) {
			case "run" -> run(Payload.valueOf(command[1]).order(), Integer.parseInt(command[2]),
					Integer.parseInt(command[3]));
			case "hold" -> "held " + hold(Integer.parseInt(command[1]), Integer.parseInt(command[2]));
			case "release" -> release();
			default -> throw new IllegalArgumentException("unknown command " + command[0]);
		};
	}

	private void checkAnswer() {
		for (Payload payload : Payload.values()) {
			Order order = payload.order();
			Order answer = EchoServiceGrpc.newBlockingStub(this.channel)
				.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
				.echo(order);
			if (!answer.equals(order)) {
				throw new IllegalStateException("the answer to the " + payload.label() + " order differs from it");
			}
		}
	}

	/** Unary calls on blocking stubs, one per thread, for a fixed time. */
	private String run(Order order, int concurrency, int seconds) throws InterruptedException {
		EchoServiceGrpc.EchoServiceBlockingStub stub = EchoServiceGrpc.newBlockingStub(this.channel);
		CountDownLatch start = new CountDownLatch(1);
		AtomicLong errors = new AtomicLong();
		long[][] latencies = new long[concurrency][];
		long[] deadline = new long[1];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			int slot = i;
			Thread thread = new Thread(() -> latencies[slot] = callUntil(stub, order, start, deadline, errors));
			thread.start();
			threads.add(thread);
		}
		long cpuBefore = OS.getProcessCpuTime();
		long started = System.nanoTime();
		deadline[0] = started + TimeUnit.SECONDS.toNanos(seconds);
		start.countDown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(seconds + CALL_DEADLINE_SECONDS + 5));
		}
		long elapsed = System.nanoTime() - started;
		long cpu = OS.getProcessCpuTime() - cpuBefore;
		long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
		return "result " + all.length + " " + elapsed + " " + Percentiles.of(all, 50) + " " + Percentiles.of(all, 99)
				+ " " + errors.get() + " " + cpu;
	}

	private long[] callUntil(EchoServiceGrpc.EchoServiceBlockingStub stub, Order order, CountDownLatch start,
			long[] deadline, AtomicLong errors) {
		long[] micros = new long[1024];
		int count = 0;
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new long[0];
		}
		long end = deadline[0];
		for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
			try {
				stub.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS).echo(order);
				if (count == micros.length) {
					micros = Arrays.copyOf(micros, count * 2);
				}
				micros[count++] = (System.nanoTime() - now) / 1000;
			}
			catch (RuntimeException ex) {
				if (errors.incrementAndGet() == 1) {
					// Standard output answers the runner; the first failure of a run goes to the log.
					ex.printStackTrace();
				}
			}
		}
		return Arrays.copyOf(micros, count);
	}

	/**
	 * Opens idle server streams and waits until each has delivered its one message or failed.
	 * @return {@code <opened> <failed> <first error or ->}
	 */
	private String hold(int streams, int seconds) throws InterruptedException {
		HoldRequest request = HoldRequest.newBuilder().setOrder(Payload.SMALL.order()).setHoldSeconds(seconds).build();
		CountDownLatch settled = new CountDownLatch(streams);
		AtomicLong opened = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicReference<String> firstError = new AtomicReference<>("-");
		int perChannel = (this.transport == ClientTransport.GRPC) ? streams : CONNECT_STREAMS_PER_CHANNEL;
		EchoServiceGrpc.EchoServiceStub stub = EchoServiceGrpc.newStub(this.channel);
		for (int i = 0; i < streams; i++) {
			if (i > 0 && i % perChannel == 0) {
				ManagedChannel next = this.transport.channel(this.port);
				this.holdChannels.add(next);
				stub = EchoServiceGrpc.newStub(next);
			}
			stub.hold(request, new ClientResponseObserver<HoldRequest, Order>() {

				private boolean done;

				@Override
				public void beforeStart(ClientCallStreamObserver<HoldRequest> call) {
					synchronized (ClientDriverMain.this.held) {
						ClientDriverMain.this.held.add(call);
					}
				}

				@Override
				public void onNext(Order value) {
					if (!this.done) {
						this.done = true;
						opened.incrementAndGet();
						settled.countDown();
					}
				}

				@Override
				public void onError(Throwable error) {
					if (!this.done) {
						this.done = true;
						failed.incrementAndGet();
						firstError.compareAndSet("-", error.toString().replace('\n', ' '));
						settled.countDown();
					}
				}

				@Override
				public void onCompleted() {
				}

			});
		}
		settled.await(HOLD_OPEN_SECONDS, TimeUnit.SECONDS);
		return opened.get() + " " + failed.get() + " " + firstError.get();
	}

	private String release() {
		synchronized (this.held) {
			this.held.forEach((call) -> call.cancel("released", null));
			this.held.clear();
		}
		this.holdChannels.forEach(ManagedChannel::shutdownNow);
		this.holdChannels.clear();
		return "released";
	}

}
