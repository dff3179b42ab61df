package dev.rpcstarter.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs one of the Node.js client scripts in {@code interop/scripts} and collects what it
 * printed.
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
		List<String> command = new ArrayList<>(List.of("node", "scripts/" + script));
		command.addAll(List.of(arguments));
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
	 * What a script did: its exit code (0 for a response, 1 for an RPC error) and its JSON.
	 */
	record Result(int exitCode, JsonNode json) {
	}

}
