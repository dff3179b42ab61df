package dev.rpcstarter.bench.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The runner's end of one {@link ClientDriverMain} process: starts it pinned to the load core,
 * sends it commands and reads its one-line answers, each within a time limit.
 */
final class ClientDriver implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private final String name;

	private final Process process;

	private final PrintWriter commands;

	private final BufferedReader answers;

	private ClientDriver(String name, Process process) {
		this.name = name;
		this.process = process;
		this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
		this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Starts a driver and waits until its first calls, one per payload, came back right.
	 * @param transport the channel behind the stubs
	 * @param port the port on 127.0.0.1
	 * @param workspace where the classpath, its log and the pid list are
	 * @return the driver
	 * @throws IllegalStateException when it cannot call the server correctly
	 */
	static ClientDriver start(ClientTransport transport, int port, Workspace workspace) throws IOException {
		String name = "client " + transport.name().toLowerCase() + " :" + port;
		List<String> command = new ArrayList<>(List.of("java"));
		command.addAll(ServerProcess.JVM_FLAGS);
		command.addAll(List.of("-cp", workspace.classpath("full"), ClientDriverMain.class.getName(), transport.name(),
				Integer.toString(port)));
		Process process = new ProcessBuilder(Commands.pinned(Commands.LOAD_CORE, command))
			.redirectError(workspace.file(name.replaceAll("[^A-Za-z0-9]+", "-") + ".log").toFile())
			.start();
		Files.writeString(workspace.pidFile(), process.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		ClientDriver driver = new ClientDriver(name, process);
		String ready = driver.answer(START_TIMEOUT);
		if (!ready.equals("ready")) {
			driver.close();
			throw new IllegalStateException(name + ": " + ready);
		}
		return driver;
	}

	/**
	 * Unary calls for a while.
	 * @param payload the order every call sends
	 * @param concurrency threads, each with one call in flight
	 * @param seconds for how long
	 * @return what was measured, with the driver's own CPU time
	 */
	LoadResult run(Payload payload, int concurrency, int seconds) {
		String[] result = command("run " + payload.name() + " " + concurrency + " " + seconds,
				Duration.ofSeconds(seconds + 60L), "result");
		long calls = Long.parseLong(result[1]);
		double elapsedSeconds = Long.parseLong(result[2]) / 1e9;
		return new LoadResult(calls, calls / elapsedSeconds, Double.parseDouble(result[3]),
				Double.parseDouble(result[4]), Long.parseLong(result[5]), Long.parseLong(result[6]));
	}

	/**
	 * Opens idle {@code Hold} streams and waits until each delivered its message or failed.
	 * @param streams how many
	 * @param holdSeconds how long the server keeps each open at most
	 * @return the answer: streams opened, streams failed, the first failure
	 */
	HeldStreams hold(int streams, int holdSeconds) {
		String[] held = command("hold " + streams + " " + holdSeconds, Duration.ofSeconds(120), "held");
		String firstError = String.join(" ", List.of(held).subList(3, held.length));
		return new HeldStreams(Long.parseLong(held[1]), Long.parseLong(held[2]), firstError);
	}

	/** Cancels the held streams. */
	void release() {
		command("release", Duration.ofSeconds(30), "released");
	}

	private String[] command(String command, Duration timeout, String expected) {
		this.commands.println(command);
		String answer = answer(timeout);
		String[] words = answer.split(" ");
		if (!words[0].equals(expected)) {
			throw new IllegalStateException(this.name + " answered '" + answer + "' to " + command);
		}
		return words;
	}

	private String answer(Duration timeout) {
		CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
			try {
				return this.answers.readLine();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			String answer = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (answer == null) {
				throw new IllegalStateException(this.name + " exited");
			}
			return answer;
		}
		catch (TimeoutException ex) {
			this.process.destroyForcibly();
			throw new IllegalStateException(this.name + " did not answer within " + timeout);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(this.name + " failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	@Override
	public void close() {
		this.commands.close(); // end of input: the driver shuts its channel down and exits
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * What a {@code hold} command achieved.
	 * @param opened streams that delivered their first message
	 * @param failed streams that failed first
	 * @param firstError the first failure, or {@code -}
	 */
	record HeldStreams(long opened, long failed, String firstError) {
	}

}
