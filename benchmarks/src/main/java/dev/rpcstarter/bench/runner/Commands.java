package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external tools (h2load, wrk, taskset) with a time limit, so no step of a run can
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
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().putAll(environment);
			Process process = builder.start();
			// Output is read only after exit: these tools print a few KB, within the pipe buffer.
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
			}
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
