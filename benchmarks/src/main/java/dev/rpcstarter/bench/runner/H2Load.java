package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * h2load, for every HTTP/2 target: gRPC and Connect or REST over h2c with prior knowledge.
 *
 * <p>h2load prints no percentiles, so each run writes its per-request log, whose third column
 * is the request's time in microseconds.
 */
final class H2Load implements LoadTool {

	/**
	 * Concurrent streams per connection at high concurrency: a few connections, each
	 * multiplexed, as gRPC and HTTP/2 clients do. 8 stays below Tomcat's per-connection limit
	 * of concurrently executing streams (20).
	 */
	private static final int STREAMS_PER_CONNECTION = 8;

	private static final Pattern RATE = Pattern.compile("finished in [^,]+, ([\\d.]+) req/s");

	private static final Pattern DONE = Pattern.compile("requests: \\d+ total, \\d+ started, (\\d+) done");

	private static final Pattern SUCCESS = Pattern.compile("status codes: (\\d+) 2xx");

	private final Path requestLog;

	H2Load(Path requestLog) {
		this.requestLog = requestLog;
	}

	@Override
	public LoadResult run(Target target, int concurrency, int seconds) {
		deleteRequestLog(); // h2load appends to it
		int streams = Math.min(concurrency, STREAMS_PER_CONNECTION);
		List<String> options = List.of("-D", Integer.toString(seconds), "-c", Integer.toString(concurrency / streams),
				"-m", Integer.toString(streams), "--log-file=" + this.requestLog);
		String output = Commands.run(command(target.port(), target.path(), target.wire().headers(), target.body(), options),
				Map.of(), Duration.ofSeconds(seconds + 60L));
		return parse(output, this.requestLog);
	}

	private void deleteRequestLog() {
		try {
			Files.deleteIfExists(this.requestLog);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The h2load command line for a POST of a body file.
	 * @param port the port on 127.0.0.1
	 * @param path the path
	 * @param headers request headers as {@code name: value}
	 * @param body the body file
	 * @param options run options (duration or count, connections, streams)
	 * @return the command, pinned to the load core
	 */
	static List<String> command(int port, String path, List<String> headers, Path body, List<String> options) {
		List<String> command = new ArrayList<>(List.of("h2load", "-t", "1", "-d", body.toString()));
		for (String header : headers) {
			command.add("-H");
			command.add(header);
		}
		command.addAll(options);
		command.add("http://127.0.0.1:" + port + path);
		return Commands.pinned(Commands.LOAD_CORE, command);
	}

	/**
	 * Reads h2load's summary, and latencies from its request log when there is one.
	 * @param output what h2load printed
	 * @param requestLog the per-request log, or {@code null}
	 * @return the result
	 */
	static LoadResult parse(String output, Path requestLog) {
		long done = Long.parseLong(find(DONE, output));
		long succeeded = Long.parseLong(find(SUCCESS, output));
		double rate = Double.parseDouble(find(RATE, output));
		if (requestLog == null) {
			return new LoadResult(done, rate, Double.NaN, Double.NaN, Math.max(0, done - succeeded));
		}
		long[] micros = latencies(requestLog);
		// Streams still open when the duration ends can count as 2xx without being done.
		return new LoadResult(done, rate, Percentiles.of(micros, 50), Percentiles.of(micros, 99),
				Math.max(0, done - succeeded));
	}

	private static long[] latencies(Path requestLog) {
		try (var lines = Files.lines(requestLog)) {
			return lines.filter((line) -> !line.isBlank()).mapToLong((line) -> Long.parseLong(line.split("\t")[2])).toArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("unexpected h2load output:\n" + output);
		}
		return matcher.group(1);
	}

}
