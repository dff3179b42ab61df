package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server under test in its own JVM, pinned to {@link Commands#SERVER_CORE}. Every server
 * gets the same JVM flags, so differences come from the code it runs.
 */
final class ServerProcess implements AutoCloseable {

	/**
	 * Fixed heap (no resizing during a round) and the collector the JVM picks for one core anyway.
	 * A full collection compacts completely: by default Serial leaves some dead objects in place
	 * as {@code int[]} fillers, which a class histogram counts as live and which made the heap
	 * per open stream jump by a megabyte between readings. Only full collections are affected,
	 * and none happens under load.
	 */
	static final List<String> JVM_FLAGS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseSerialGC",
			"-XX:MarkSweepDeadRatio=0");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final long POLL_MILLIS = 20;

	private final String name;

	private final Process process;

	private final long startupMillis;

	private ServerProcess(String name, Process process, long startupMillis) {
		this.name = name;
		this.process = process;
		this.startupMillis = startupMillis;
	}

	/**
	 * Starts a server and waits until it answers a real request.
	 * @param name what the server is, for logs and reports
	 * @param mainClassAndArgs the main class and its arguments
	 * @param classpath the classpath
	 * @param workspace where its log and pid go
	 * @param readiness a real request; the server is ready when it returns without throwing
	 * @return the running server
	 */
	static ServerProcess start(String name, List<String> mainClassAndArgs, String classpath, Workspace workspace,
			Probe readiness) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("java"));
		command.addAll(JVM_FLAGS);
		command.addAll(List.of("-cp", classpath));
		command.addAll(mainClassAndArgs);
		Path log = workspace.file(name.replaceAll("[^A-Za-z0-9]+", "-") + ".log");
		long started = System.nanoTime();
		Process process = new ProcessBuilder(Commands.pinned(Commands.SERVER_CORE, command))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		// Recorded at once, so run.sh's trap can kill it even if this JVM dies.
		Files.writeString(workspace.pidFile(), process.pid() + "\n", StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		return new ServerProcess(name, process, awaitReady(name, process, readiness, started, log));
	}

	private static long awaitReady(String name, Process process, Probe readiness, long started, Path log)
			throws InterruptedException {
		long deadline = started + START_TIMEOUT.toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited during start-up; see " + log);
			}
			try {
				readiness.check();
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			}
			catch (Exception ex) {
				last = ex;
				Thread.sleep(POLL_MILLIS);
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException(name + " not ready within " + START_TIMEOUT + "; see " + log, last);
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Time from launching the JVM to the first successful request.
	 * @return milliseconds
	 */
	long startupMillis() {
		return this.startupMillis;
	}

	/**
	 * CPU ticks this server has used so far, all threads.
	 * @return the ticks
	 */
	long cpuTicks() {
		return CpuClock.processTicks(pid());
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	/** A real request to a server; throws when the server does not answer it correctly. */
	@FunctionalInterface
	interface Probe {

		void check() throws Exception;

	}

}
