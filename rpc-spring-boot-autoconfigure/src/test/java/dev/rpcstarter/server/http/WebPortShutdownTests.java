package dev.rpcstarter.server.http;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.rpcstarter.test.v1.Book;
import dev.rpcstarter.test.v1.LibraryServiceGrpc;
import dev.rpcstarter.test.v1.StreamBooksRequest;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import dev.rpcstarter.testservice.LibraryServiceImpl;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web port's calls as the application stops, with a grace period of one second: calls
 * that end within it end as they would have, calls still open after it end with
 * {@code UNAVAILABLE} that their clients read (the JDK's HTTP client on a REST stream,
 * grpc-java's Netty client over h2c), the services hear that they were cancelled, and the
 * shutdown takes the grace period, not Spring's phase timeout of 30 seconds.
 */
class WebPortShutdownTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ConfigurableApplicationContext context;

	private ManagedChannel grpc;

	@BeforeEach
	void startApplication() {
		this.context = new SpringApplicationBuilder(TestApplication.class).run("--server.port=0",
				"--grpc.server.port=0", "--server.http2.enabled=true", "--rpc.http.shutdown-grace-period=1s");
		this.grpc = ManagedChannelBuilder.forAddress("localhost", port()).usePlaintext().build();
	}

	@AfterEach
	void stopApplication() throws InterruptedException {
		this.grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.context.close();
	}

	@Test
	void streamsStillOpenAfterTheGracePeriodEndWithUnavailable() throws Exception {
		LibraryServiceImpl library = this.context.getBean(LibraryServiceImpl.class);
		int cancelledBefore = library.cancelledStreams();
		BufferedReader restStream = restStream("/v1/shelves/1/books:stream?endless=true");
		assertThat(restStream.readLine()).startsWith("{\"result\":");
		CompletableFuture<Status> grpcStream = endlessGrpcStream();

		long stopping = System.nanoTime();
		this.context.close();
		long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);

		List<String> rest = restStream.lines().collect(Collectors.toList());
		assertThat(rest.get(rest.size() - 1)).startsWith("{\"error\":{\"code\":14,")
			.contains("the server is shutting down");
		Status grpcStatus = grpcStream.get(5, TimeUnit.SECONDS);
		assertThat(grpcStatus.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(grpcStatus.getDescription()).isEqualTo("the server is shutting down");
		assertThat(library.cancelledStreams() - cancelledBefore).as("streams whose services heard the cancel")
			.isEqualTo(2);
		assertThat(stoppedMillis).as("the grace period, not the phase timeout").isBetween(900L, 10_000L);
	}

	@Test
	void aCallThatEndsWithinTheGracePeriodEndsAsItWouldHave() throws Exception {
		int callsBefore = CallRecordingInterceptor.count();
		CompletableFuture<HttpResponse<String>> pause = this.http.sendAsync(
				HttpRequest.newBuilder(uri("/v1/pause/400")).build(), HttpResponse.BodyHandlers.ofString());
		awaitCallStarted(callsBefore);

		this.context.close();

		HttpResponse<String> response = pause.get(5, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{}");
	}

	@Test
	void aCallMadeWhileTheApplicationStopsIsRefusedWithUnavailable() throws Exception {
		CompletableFuture<Status> openStream = endlessGrpcStream();
		Thread stopping = new Thread(this.context::close);
		stopping.start();

		// Calls succeed until the web port's phase of the shutdown begins.
		Status refused = Status.OK;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (refused.isOk() && System.nanoTime() < deadline) {
			refused = statusOf(() -> LibraryServiceGrpc.newBlockingStub(this.grpc)
				.withDeadlineAfter(2, TimeUnit.SECONDS)
				.streamBooks(StreamBooksRequest.newBuilder().setParent("shelves/1").setCount(1).build())
				.forEachRemaining((book) -> {
				}));
		}

		assertThat(refused.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		stopping.join(10_000);
		assertThat(openStream.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
	}

	@Test
	void anApplicationStartedAgainAfterItStoppedTakesCallsAgain() throws Exception {
		this.context.stop();
		this.context.start();

		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/v1/pause/1")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	/** Waits for the server to start a call after the given number of calls. */
	private static void awaitCallStarted(int callsBefore) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (CallRecordingInterceptor.count() == callsBefore && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertThat(CallRecordingInterceptor.count()).as("the call started").isGreaterThan(callsBefore);
	}

	/** An endless StreamBooks call over gRPC on the web port, whose outcome completes the future. */
	private CompletableFuture<Status> endlessGrpcStream() throws InterruptedException {
		CompletableFuture<Status> outcome = new CompletableFuture<>();
		CompletableFuture<Void> firstBook = new CompletableFuture<>();
		LibraryServiceGrpc.newStub(this.grpc)
			.streamBooks(StreamBooksRequest.newBuilder().setParent("shelves/2").setEndless(true).build(),
					new StreamObserver<>() {

						@Override
						public void onNext(Book book) {
							firstBook.complete(null);
						}

						@Override
						public void onError(Throwable error) {
							outcome.complete(Status.fromThrowable(error));
						}

						@Override
						public void onCompleted() {
							outcome.complete(Status.OK);
						}

					});
		firstBook.orTimeout(5, TimeUnit.SECONDS).join();
		return outcome;
	}

	private BufferedReader restStream(String path) throws Exception {
		HttpResponse<InputStream> response = this.http.send(HttpRequest.newBuilder(uri(path)).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
	}

	private static Status statusOf(Runnable call) {
		try {
			call.run();
			return Status.OK;
		}
		catch (RuntimeException ex) {
			return Status.fromThrowable(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port() + path);
	}

	private int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

}
