package dev.rpcstarter.bench.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk, for every HTTP/1.1 target (h2load's HTTP/1.1 mode misreads Tomcat's status line). A Lua
 * script posts the target's body with its headers, both passed through the environment.
 */
final class Wrk implements LoadTool {

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private final Path script;

	Wrk(Path script) {
		this.script = script;
	}

	@Override
	public LoadResult run(Target target, int concurrency, int seconds) {
		List<String> command = Commands.pinned(Commands.LOAD_CORE,
				List.of("wrk", "-t", "1", "-c", Integer.toString(concurrency), "-d", seconds + "s", "--timeout", "5s",
						"--latency", "-s", this.script.toString(), "http://127.0.0.1:" + target.port() + target.path()));
		Map<String, String> environment = Map.of("BENCH_BODY_FILE", target.body().toString(), "BENCH_HEADERS",
				String.join("\n", target.wire().headers()));
		return parse(Commands.run(command, environment, Duration.ofSeconds(seconds + 60L)));
	}

	/**
	 * Reads wrk's summary and latency distribution.
	 * @param output what wrk printed with {@code --latency}
	 * @return the result
	 */
	static LoadResult parse(String output) {
		return new LoadResult(Long.parseLong(find(REQUESTS, output)), Double.parseDouble(find(RATE, output)),
				latencyMicros(output, "50%"), latencyMicros(output, "99%"), errors(output));
	}

	private static long errors(String output) {
		long errors = 0;
		Matcher non2xx = NON_2XX.matcher(output);
		if (non2xx.find()) {
			errors += Long.parseLong(non2xx.group(1));
		}
		Matcher socket = SOCKET_ERRORS.matcher(output);
		if (socket.find()) {
			for (int group = 1; group <= 4; group++) {
				errors += Long.parseLong(socket.group(group));
			}
		}
		return errors;
	}

	/** wrk prints a latency with its own unit: {@code 812.00us}, {@code 1.23ms}, {@code 2.00s}. */
	private static double latencyMicros(String output, String percentile) {
		Matcher matcher = Pattern.compile("^\\s*" + percentile + "\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
			.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + percentile + " latency in wrk output:\n" + output);
		}
		double value = Double.parseDouble(matcher.group(1));
		return switch (matcher.group(2)) {
			case "us" -> value;
			case "ms" -> value * 1_000;
			default -> value * 1_000_000;
		};
	}

	private static String find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("unexpected wrk output:\n" + output);
		}
		return matcher.group(1);
	}

}
