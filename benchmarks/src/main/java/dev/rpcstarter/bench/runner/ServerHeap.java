package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server JVM holds, read from outside with {@code jcmd} (pinned to the load core), so
 * that the servers under test need no probe of their own.
 */
final class ServerHeap {

	/** Serial GC's {@code GC.heap_info}: one line per generation, {@code used 1234K}. */
	private static final Pattern GENERATION_USED = Pattern.compile("generation\\s+total \\d+K, used (\\d+)K");

	private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

	private ServerHeap() {
	}

	/**
	 * Forces a full collection, then sums what the generations still hold.
	 * @param pid the server
	 * @return used heap in bytes
	 */
	static long usedAfterFullGc(long pid) {
		jcmd(pid, "GC.run");
		Matcher used = GENERATION_USED.matcher(jcmd(pid, "GC.heap_info"));
		long kilobytes = 0;
		int generations = 0;
		while (used.find()) {
			kilobytes += Long.parseLong(used.group(1));
			generations++;
		}
		if (generations == 0) {
			throw new IllegalStateException("no generation in the heap info of " + pid);
		}
		return kilobytes * 1024;
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

	/** Through a file: a thread dump outgrows the pipe buffer that {@link Commands#run} relies on. */
	private static String jcmd(long pid, String command) {
		return new String(Commands.output(Commands.pinned(Commands.LOAD_CORE, List.of("jcmd", Long.toString(pid), command)),
				JCMD_TIMEOUT), StandardCharsets.UTF_8);
	}

}
