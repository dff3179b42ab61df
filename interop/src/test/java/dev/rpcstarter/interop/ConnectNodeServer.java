package dev.rpcstarter.interop;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * InteropService served by connect-node ({@code scripts/connect-node-server.mjs}) on a random
 * port of 127.0.0.1, with what it reports about the requests it received.
 */
final class ConnectNodeServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private final NodeClient.Running script;

	private final URI baseUri;

	private ConnectNodeServer(NodeClient.Running script, int port) {
		this.script = script;
		this.baseUri = URI.create("http://127.0.0.1:" + port);
	}

	/**
	 * Starts a server and waits until it listens.
	 * @param httpVersion {@code "1.1"} for {@code http.createServer}, {@code "2"} for
	 * {@code http2.createServer} (h2c with prior knowledge only)
	 * @return the running server, to be closed
	 */
	static ConnectNodeServer start(String httpVersion) throws IOException, InterruptedException {
		NodeClient.Running script = NodeClient.start("connect-node-server.mjs", httpVersion);
		try {
			List<JsonNode> lines = script.awaitLines((printed) -> !printed.isEmpty(), START_TIMEOUT);
			return new ConnectNodeServer(script, lines.get(0).get("port").asInt());
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			script.close();
			throw ex;
		}
	}

	URI baseUri() {
		return this.baseUri;
	}

	/**
	 * @param method a method name, such as {@code Echo}
	 * @return the last request for it: {@code method}, {@code path}, {@code query} (or null),
	 * {@code httpVersion}, {@code contentType} and {@code encoding} as the server saw them
	 * @throws IllegalStateException if there was none
	 */
	JsonNode lastRequest(String method) throws IOException {
		return last("request", method);
	}

	/**
	 * @param method a method name, such as {@code Echo}
	 * @return the last response of it that was sent: {@code path}, {@code status} and
	 * {@code encoding}
	 * @throws IllegalStateException if there was none
	 */
	JsonNode lastResponse(String method) throws IOException {
		return last("response", method);
	}

	private JsonNode last(String kind, String method) throws IOException {
		List<JsonNode> exchanges = this.script.lines()
			.stream()
			.filter((line) -> line.has(kind))
			.map((line) -> line.get(kind))
			.filter((exchange) -> exchange.get("path").asText().endsWith("/" + method))
			.toList();
		if (exchanges.isEmpty()) {
			throw new IllegalStateException("connect-node reported no " + kind + " of " + method);
		}
		return exchanges.get(exchanges.size() - 1);
	}

	/**
	 * @param method a method name, such as {@code Sleep}
	 * @return how many of its calls arrived, so far
	 */
	long requests(String method) throws IOException {
		return requests(this.script.lines(), method);
	}

	/**
	 * @param method a method name, such as {@code Sleep}
	 * @return how many of its calls stopped because they were cancelled, so far
	 */
	long cancelledCalls(String method) throws IOException {
		return cancelledCalls(this.script.lines(), method);
	}

	/**
	 * Waits until more calls of a method than before stopped because they were cancelled.
	 * @param method a method name
	 * @param before {@link #cancelledCalls} before the call
	 * @param timeout how long to wait at most
	 * @throws IllegalStateException if none stopped in time
	 */
	void awaitCancelledCall(String method, long before, Duration timeout) throws IOException, InterruptedException {
		this.script.awaitLines((lines) -> cancelledCalls(lines, method) > before, timeout);
	}

	/**
	 * Waits until the server has seen at least that many requests for a method.
	 * @param method a method name
	 * @param count the requests to wait for, all told
	 * @param timeout how long to wait at most
	 * @throws IllegalStateException if fewer arrived in time
	 */
	void awaitRequests(String method, long count, Duration timeout) throws IOException, InterruptedException {
		this.script.awaitLines((lines) -> requests(lines, method) >= count, timeout);
	}

	private static long requests(List<JsonNode> lines, String method) {
		return lines.stream().filter((line) -> line.path("request").path("path").asText().endsWith("/" + method)).count();
	}

	private static long cancelledCalls(List<JsonNode> lines, String method) {
		return lines.stream().filter((line) -> method.equals(line.path("cancelled").asText())).count();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.script.close();
	}

}
