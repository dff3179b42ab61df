package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server heap per open stream: each target's server gets {@link #STREAMS} idle {@code Hold}
 * streams from a {@link ClientDriver}; its live objects (a class histogram, after a full GC) are
 * counted, once they stopped changing, before the streams open and once every one delivered its
 * message. Targets take turns, round by round, like {@link Bench}'s.
 */
final class OpenStreams {

	static final int STREAMS = 1000;

	/** Far longer than a measurement; the server ends a stream itself only if the driver vanished. */
	private static final int HOLD_SECONDS = 300;

	/** Classes of the largest growth kept per round, enough to see what a stream is made of. */
	private static final int LARGEST_GROWTH = 8;

	private final RunConfig config;

	private final Workspace workspace;

	private final PrintStream log;

	OpenStreams(RunConfig config, Workspace workspace, PrintStream log) {
		this.config = config;
		this.workspace = workspace;
		this.log = log;
	}

	/**
	 * Measures every target.
	 * @param targets the targets, in the order they take turns
	 * @return one result per target, in that order
	 */
	List<Result> measure(List<HeapTarget> targets) throws IOException, InterruptedException {
		this.log.printf("%n== Server heap with %d open idle streams%n", STREAMS);
		Map<HeapTarget, List<Round>> rounds = new LinkedHashMap<>();
		Map<HeapTarget, ClientDriver> drivers = new LinkedHashMap<>();
		try {
			for (HeapTarget target : targets) {
				drivers.put(target, ClientDriver.start(target.transport(), target.port(), this.workspace));
				rounds.put(target, new ArrayList<>());
			}
			for (int round = 1; round <= this.config.rounds(); round++) {
				for (HeapTarget target : targets) {
					Round measured = measure(target, drivers.get(target));
					rounds.get(target).add(measured);
					this.log.printf("round %d  %-36s opened %d, failed %d, %.0f bytes/stream, Tomcat request threads %d,"
							+ " threads %d%s%n", round, target.name(), measured.held().opened(), measured.held().failed(),
							measured.bytesPerStream(), measured.tomcatRequestThreads(), measured.threads(),
							measured.held().failed() > 0 ? "  first failure: " + measured.held().firstError() : "");
				}
			}
		}
		finally {
			drivers.values().forEach(ClientDriver::close);
		}
		return rounds.entrySet().stream().map((entry) -> new Result(entry.getKey(), entry.getValue())).toList();
	}

	private Round measure(HeapTarget target, ClientDriver driver) throws InterruptedException {
		long pid = target.server().pid();
		HeapHistogram before = ServerHeap.settledLiveObjects(pid);
		ClientDriver.HeldStreams held = driver.hold(STREAMS, HOLD_SECONDS);
		try {
			HeapHistogram with = ServerHeap.settledLiveObjects(pid);
			double perStream = (held.opened() > 0) ? (double) (with.totalBytes() - before.totalBytes()) / held.opened()
					: Double.NaN;
			List<HeapHistogram.Growth> growth = with.largestGrowthSince(before, LARGEST_GROWTH);
			this.log.printf("  largest growth: %s%n", growth);
			return new Round(held, before.totalBytes(), with.totalBytes(), perStream, growth,
					ServerHeap.tomcatRequestThreads(pid), ServerHeap.threads(pid));
		}
		finally {
			driver.release();
		}
	}

	/**
	 * A server and how to open streams on it.
	 * @param name as reported
	 * @param server the server process
	 * @param transport the client's channel
	 * @param port its port on 127.0.0.1
	 */
	record HeapTarget(String name, ServerProcess server, ClientTransport transport, int port) {
	}

	/**
	 * One round of one target, read while the streams were open.
	 * @param held what the driver opened
	 * @param liveBefore bytes of live objects before the streams opened
	 * @param liveWithStreams the same with the streams open
	 * @param bytesPerStream the difference per stream opened
	 * @param largestGrowth the classes that grew most, largest first
	 * @param tomcatRequestThreads Tomcat's request threads alive with the streams open
	 * @param threads all the server's threads with the streams open
	 */
	record Round(ClientDriver.HeldStreams held, long liveBefore, long liveWithStreams, double bytesPerStream,
			List<HeapHistogram.Growth> largestGrowth, long tomcatRequestThreads, long threads) {
	}

	/**
	 * @param target the target
	 * @param rounds its rounds
	 */
	record Result(HeapTarget target, List<Round> rounds) {
	}

}
