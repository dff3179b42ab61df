package dev.rpcstarter.interop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a command-line client (curl, buf curl) to its end in the interop module's folder.
 */
final class CommandLine {

	private CommandLine() {
	}

	/**
	 * Runs a command, which must finish within 30 seconds with exit code 0.
	 * @param command the program and its arguments
	 * @return what it printed, its standard output and error together
	 * @throws IOException when it cannot be started
	 * @throws InterruptedException when interrupted while waiting for it
	 */
	static String run(List<String> command) throws IOException, InterruptedException {
		File output = File.createTempFile("command", ".txt");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
			String printed = Files.readString(output.toPath(), StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as("exit code of %s, output: %s", command, printed).isZero();
			return printed;
		}
		finally {
			Files.deleteIfExists(output.toPath());
		}
	}

}
