package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pools' cleanup still closes idle connections, only not at once: those beyond the number
 * kept within {@link LazyPoolCleanup#MAX_DELAY} of going idle, the others once their
 * keep-alive has passed.
 */
class LazyPoolCleanupTests {

	private static final long MAX_DELAY_MILLIS = TimeUnit.NANOSECONDS.toMillis(LazyPoolCleanup.MAX_DELAY);

	private final ExecutorService serverThreads = Executors.newCachedThreadPool();

	private HttpServer server;

	/** Holds the server's answers until counted down, so that calls overlap. */
	private volatile CountDownLatch answer = new CountDownLatch(0);

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.setExecutor(this.serverThreads);
		this.server.createContext("/", (exchange) -> {
			try {
				this.answer.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
		this.serverThreads.shutdownNow();
	}

	@Test
	void idleConnectionsBeyondTheNumberKeptCloseWithinTheMaxDelay() throws Exception {
		ConnectionPool pool = LazyPoolCleanup.newPool(1, Duration.ofHours(1));
		OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
		this.answer = new CountDownLatch(1);
		List<CompletableFuture<Integer>> calls = List.of(callAsync(client), callAsync(client));
		awaitConnections(pool, 2, Duration.ofSeconds(5)); // one connection per running HTTP/1.1 call
		this.answer.countDown();
		for (CompletableFuture<Integer> call : calls) {
			assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo(204);
		}
		awaitConnections(pool, 1, Duration.ofMillis(MAX_DELAY_MILLIS + 2000));
		assertThat(pool.idleConnectionCount()).isEqualTo(1);
	}

	@Test
	void idleConnectionClosesOnceItsKeepAliveHasPassed() throws Exception {
		Duration keepAlive = Duration.ofMillis(300);
		ConnectionPool pool = LazyPoolCleanup.newPool(5, keepAlive);
		OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
		long start = System.nanoTime();
		assertThat(call(client)).isEqualTo(204);
		assertThat(pool.idleConnectionCount()).isEqualTo(1);
		awaitConnections(pool, 0, Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(keepAlive);
	}

	@Test
	void idleConnectionIsReusedBeforeItsKeepAliveHasPassed() throws Exception {
		ConnectionPool pool = LazyPoolCleanup.newPool(5, Duration.ofMinutes(1));
		OkHttpClient client = new OkHttpClient.Builder().connectionPool(pool).build();
		assertThat(call(client)).isEqualTo(204);
		Thread.sleep(MAX_DELAY_MILLIS + 200); // a cleanup has run since the connection went idle
		assertThat(call(client)).isEqualTo(204);
		assertThat(pool.connectionCount()).isEqualTo(1);
	}

	private CompletableFuture<Integer> callAsync(OkHttpClient client) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return call(client);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private int call(OkHttpClient client) throws IOException {
		Request request = new Request.Builder().url("http://localhost:" + this.server.getAddress().getPort() + "/")
			.build();
		try (Response response = client.newCall(request).execute()) {
			return response.code();
		}
	}

	private static void awaitConnections(ConnectionPool pool, int count, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (pool.connectionCount() != count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(pool.connectionCount()).isEqualTo(count);
	}

}
