package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a server JVM holds, read from outside with {@code jcmd} (pinned to the load core), so
 * that the servers under test need no probe of their own.
 */
final class ServerHeap {

	private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

	/** Two readings this close count as settled: 64 bytes per stream of {@link OpenStreams#STREAMS}. */
	private static final long SETTLED_BYTES = 64 * 1024;

	private static final Duration SETTLE_PAUSE = Duration.ofSeconds(1);

	private static final int MAX_READINGS = 30;

	private ServerHeap() {
	}

	/**
	 * Forces a full collection and counts what survives, by class.
	 * @param pid the server
	 * @return its live objects
	 */
	private static HeapHistogram liveObjects(long pid) {
		return HeapHistogram.parse(jcmd(pid, "GC.class_histogram"));
	}

	/**
	 * Live objects once they stopped changing. A server frees what closed connections and
	 * cancelled calls held over seconds (Tomcat longer than Netty), and the gRPC and Connect
	 * targets of the starter share one process: one target's leftovers must not be counted as
	 * the next one's savings.
	 * @param pid the server
	 * @return the last of readings a second apart, once two in a row differ by less than
	 * {@value #SETTLED_BYTES} bytes, or after {@value #MAX_READINGS} readings
	 * @throws InterruptedException when interrupted while waiting
	 */
	static HeapHistogram settledLiveObjects(long pid) throws InterruptedException {
		HeapHistogram last = liveObjects(pid);
		for (int reading = 1; reading < MAX_READINGS; reading++) {
			Thread.sleep(SETTLE_PAUSE.toMillis());
			HeapHistogram next = liveObjects(pid);
			boolean settled = Math.abs(next.totalBytes() - last.totalBytes()) < SETTLED_BYTES;
			last = next;
			if (settled) {
				break;
			}
		}
		return last;
	}

	/**
	 * @param pid the server
	 * @return Tomcat's request threads alive now ({@code http-nio-...-exec-N})
	 */
	static long tomcatRequestThreads(long pid) {
		return jcmd(pid, "Thread.print").lines()
			.filter((line) -> line.startsWith("\"http-nio-") && line.contains("-exec-"))
			.count();
	}

	/**
	 * @param pid the server
	 * @return its threads alive now, all kinds
	 */
	static long threads(long pid) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
				.stream()
				.filter((line) -> line.startsWith("Threads:"))
				.mapToLong((line) -> Long.parseLong(line.substring("Threads:".length()).trim()))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Through a file: a thread dump or a histogram outgrows the pipe buffer that {@link Commands#run} relies on. */
	private static String jcmd(long pid, String command) {
		return new String(Commands.output(Commands.pinned(Commands.LOAD_CORE, List.of("jcmd", Long.toString(pid), command)),
				JCMD_TIMEOUT), StandardCharsets.UTF_8);
	}

}
