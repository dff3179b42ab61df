package dev.rpcstarter.interop;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.util.FileSystemUtils;

/**
 * Runs a scenario in headless Chromium: serves a page (scripts/browser/page.mjs, bundled with
 * esbuild) from an origin of its own, so that every call to the interop server is a
 * cross-origin call that passes the server's CORS handling as a deployed web app's would, and
 * collects the outcome the page posts back. One page server serves the whole test run.
 */
final class BrowserPage {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Path BUNDLE = Path.of("target", "browser", "page.js");

	private static final Path DESCRIPTOR_SET = Path.of("target", "test-classes", "META-INF", "rpc", "interop.binpb");

	private static final String PAGE = "<!doctype html><title>interop</title><script type=\"module\" src=\"page.js\"></script>";

	private static BrowserPage instance;

	private static boolean bundled;

	private final HttpServer server;

	private volatile CompletableFuture<String> outcome = new CompletableFuture<>();

	private BrowserPage() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/page.html", (exchange) -> send(exchange, "text/html", PAGE.getBytes(StandardCharsets.UTF_8)));
		this.server.createContext("/page.js", (exchange) -> send(exchange, "text/javascript", Files.readAllBytes(BUNDLE)));
		this.server.createContext("/interop.binpb",
				(exchange) -> send(exchange, "application/octet-stream", Files.readAllBytes(DESCRIPTOR_SET)));
		this.server.createContext("/results", (exchange) -> {
			this.outcome.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			send(exchange, "text/plain", new byte[0]);
		});
		this.server.start();
	}

	/**
	 * The page server, started on first use.
	 * @return the page server
	 */
	static synchronized BrowserPage instance() {
		if (instance == null) {
			try {
				instance = new BrowserPage();
			}
			catch (IOException ex) {
				throw new IllegalStateException("the browser page's server did not start", ex);
			}
		}
		return instance;
	}

	/**
	 * @return the origin the page is served from, which the interop server must allow
	 */
	String origin() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Runs a scenario in a new headless Chromium and returns what the page posted.
	 * @param client the browser client
	 * @param scenario the scenario
	 * @param serverBaseUrl the interop server's web port
	 * @return the outcome, as the Node clients print it
	 */
	synchronized JsonNode run(ThirdPartyClient client, Scenario scenario, String serverBaseUrl)
			throws IOException, InterruptedException {
		bundleOnce();
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("library", client.library().pageLibrary());
		parameters.put("protocol", client.protocol());
		parameters.put("codec", client.codec());
		parameters.put("server", serverBaseUrl);
		parameters.put("scenario", scenario.argument());
		String query = parameters.entrySet()
			.stream()
			.map((parameter) -> parameter.getKey() + "=" + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		this.outcome = new CompletableFuture<>();
		Path profile = Files.createTempDirectory("chromium");
		File log = BUNDLE.resolveSibling(client.name() + "-" + scenario.argument() + ".log").toFile();
		Process chromium = startChromium(profile, origin() + "/page.html?" + query, log);
		try {
			JsonNode result = json.readTree(this.outcome.get(30, TimeUnit.SECONDS));
			if (result.has("pageError")) {
				throw new IllegalStateException("the page failed: " + result.get("pageError").asText());
			}
			return result;
		}
		catch (TimeoutException | ExecutionException ex) {
			throw new IllegalStateException("Chromium posted no outcome within 30 s; see " + log, ex);
		}
		finally {
			chromium.descendants().forEach(ProcessHandle::destroyForcibly);
			chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			FileSystemUtils.deleteRecursively(profile);
		}
	}

	private static Process startChromium(Path profile, String url, File log) throws IOException {
		try {
			return new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
					"--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, url)
				.redirectErrorStream(true)
				.redirectOutput(log)
				.start();
		}
		catch (IOException ex) {
			throw new IOException("the browser clients need Chromium on the PATH as chromium "
					+ "(Debian: apt-get install chromium, as .ci/run does)", ex);
		}
	}

	/** Bundles the page's script and its npm libraries into one file a browser can load, once a run. */
	private static synchronized void bundleOnce() throws IOException, InterruptedException {
		if (!bundled) {
			CommandLine.run(List.of("node_modules/.bin/esbuild", "scripts/browser/page.mjs", "--bundle", "--format=esm",
					"--outfile=" + BUNDLE));
			bundled = true;
		}
	}

	private static void send(HttpExchange exchange, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(200, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
