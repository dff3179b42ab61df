package dev.rpcstarter.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the Node.js scripts in {@code interop/scripts}: a client script to its end, collecting
 * what it printed, or a server script in the background ({@link #start}).
 */
final class NodeClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final ObjectMapper json = new ObjectMapper();

	private NodeClient() {
	}

	/**
	 * Runs {@code node scripts/<script> <arguments>} in the interop module's folder.
	 * @return its exit code and the JSON it printed
	 * @throws IllegalStateException if it runs longer than a minute or prints no JSON
	 */
	static Result run(String script, String... arguments) throws IOException, InterruptedException {
		List<String> command = command(script, arguments);
		// Output goes to files, not pipes, so a chatty script can never block on a full pipe.
		File stdout = File.createTempFile("node-stdout", ".json");
		File stderr = File.createTempFile("node-stderr", ".txt");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
			if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish within " + TIMEOUT + ", stderr: "
						+ Files.readString(stderr.toPath()));
			}
			String output = Files.readString(stdout.toPath());
			if (output.isBlank()) {
				throw new IllegalStateException(command + " exited with " + process.exitValue()
						+ " without printing JSON, stderr: " + Files.readString(stderr.toPath()));
			}
			return new Result(process.exitValue(), json.readTree(output));
		}
		finally {
			Files.deleteIfExists(stdout.toPath());
			Files.deleteIfExists(stderr.toPath());
		}
	}

	/**
	 * Starts {@code node scripts/<script> <arguments>} in the interop module's folder, for a
	 * script that runs until it is stopped and prints one JSON object per line.
	 * @return the running script, to be closed
	 */
	static Running start(String script, String... arguments) throws IOException {
		List<String> command = command(script, arguments);
		File stdout = File.createTempFile("node-stdout", ".jsonl");
		File stderr = File.createTempFile("node-stderr", ".txt");
		Process process = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
		return new Running(command, process, stdout.toPath(), stderr.toPath());
	}

	private static List<String> command(String script, String... arguments) {
		List<String> command = new ArrayList<>(List.of("node", "scripts/" + script));
		command.addAll(List.of(arguments));
		return command;
	}

	/**
	 * What a script did: its exit code (0 for a response, 1 for an RPC error) and its JSON.
	 */
	record Result(int exitCode, JsonNode json) {
	}

	/**
	 * A script that runs in the background; its lines of JSON are read as they arrive.
	 * Closing it kills the process and deletes its output.
	 */
	static final class Running implements AutoCloseable {

		private static final Duration POLL = Duration.ofMillis(20);

		private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

		private final List<String> command;

		private final Process process;

		private final Path stdout;

		private final Path stderr;

		private Running(List<String> command, Process process, Path stdout, Path stderr) {
			this.command = command;
			this.process = process;
			this.stdout = stdout;
			this.stderr = stderr;
		}

		/**
		 * Waits until the lines the script printed so far meet a condition.
		 * @param condition what the lines must show
		 * @param timeout how long to wait at most
		 * @return the lines that met it
		 * @throws IllegalStateException if they do not in time, or the script exits before
		 */
		List<JsonNode> awaitLines(Predicate<List<JsonNode>> condition, Duration timeout)
				throws IOException, InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (true) {
				boolean exited = !this.process.isAlive();
				List<JsonNode> lines = lines();
				if (condition.test(lines)) {
					return lines;
				}
				if (exited) {
					throw new IllegalStateException(this.command + " exited with " + this.process.exitValue()
							+ ", stderr: " + Files.readString(this.stderr));
				}
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException(this.command + " did not print the awaited lines within " + timeout
							+ ", stdout: " + Files.readString(this.stdout) + ", stderr: " + Files.readString(this.stderr));
				}
				Thread.sleep(POLL.toMillis());
			}
		}

		/**
		 * @return every complete line the script has printed so far, as JSON
		 */
		List<JsonNode> lines() throws IOException {
			String output = Files.readString(this.stdout);
			// A line without its newline may still be being written.
			String complete = output.substring(0, output.lastIndexOf('\n') + 1);
			List<JsonNode> lines = new ArrayList<>();
			for (String line : complete.split("\n")) {
				if (!line.isBlank()) {
					lines.add(json.readTree(line));
				}
			}
			return lines;
		}

		@Override
		public void close() throws IOException, InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			Files.deleteIfExists(this.stdout);
			Files.deleteIfExists(this.stderr);
		}

	}

}
