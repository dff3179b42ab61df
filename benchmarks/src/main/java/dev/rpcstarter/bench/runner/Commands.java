package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external tools (h2load, wrk, nghttp, taskset) with a time limit, so no step of a run can
 * hang it.
 */
final class Commands {

	/** The core the load generators run on; the servers get {@link #SERVER_CORE}. */
	static final int LOAD_CORE = 1;

	static final int SERVER_CORE = 0;

	private Commands() {
	}

	/**
	 * A command pinned to a core.
	 * @param core the core
	 * @param command the command
	 * @return the command prefixed with {@code taskset}
	 */
	static List<String> pinned(int core, List<String> command) {
		List<String> pinned = new ArrayList<>(List.of("taskset", "-c", Integer.toString(core)));
		pinned.addAll(command);
		return pinned;
	}

	/**
	 * Runs a command to completion and returns its output.
	 * @param command the command
	 * @param environment variables added to this process's environment
	 * @param timeout how long it may take before it is killed and the run fails
	 * @return stdout and stderr together
	 */
	static String run(List<String> command, Map<String, String> environment, Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		// Output is read only after exit: these tools print a few KB, within the pipe buffer.
		return new String(runToExit(builder, timeout), StandardCharsets.UTF_8);
	}

	/**
	 * Runs a command to completion and returns its standard output as bytes, for tools that
	 * print a response body; standard error is discarded.
	 * @param command the command
	 * @param timeout how long it may take before it is killed and the run fails
	 * @return what it wrote to standard output
	 */
	static byte[] output(List<String> command, Duration timeout) {
		try {
			Path stdout = Files.createTempFile("bench-output", ".bin");
			try {
				runToExit(new ProcessBuilder(command).redirectOutput(stdout.toFile())
					.redirectError(ProcessBuilder.Redirect.DISCARD), timeout);
				return Files.readAllBytes(stdout);
			}
			finally {
				Files.delete(stdout);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] runToExit(ProcessBuilder builder, Duration timeout) {
		List<String> command = builder.command();
		try {
			Process process = builder.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
			}
			return process.getInputStream().readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
