package dev.rpcstarter.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A unary call's body that arrives slowly is read as it arrives, with the container's
 * non-blocking reads: the call starts with the request, so its deadline covers the upload and
 * a client that leaves cancels it, and slow uploads leave the request threads (two here) to
 * other calls. Connect unary calls and REST routes read their bodies the same way, over
 * HTTP/1.1 (a client by hand) and HTTP/2 (OkHttp).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = { TestApplication.class, SlowUnaryUploadTests.UploadWatch.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "server.tomcat.threads.max=" + SlowUnaryUploadTests.REQUEST_THREADS,
				"server.tomcat.threads.min-spare=1", "rpc.http.max-message-size=16KB" })
class SlowUnaryUploadTests {

	static final int REQUEST_THREADS = 2;

	private static final String ECHO = "/rpcstarter.test.v1.TestService/Echo";

	private static final String WATCHED = UploadWatch.HEADER + ": 1";

	private static final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	private int port;

	@BeforeEach
	void resetWatch() {
		UploadWatch.started.drainPermits();
		UploadWatch.cancelled.drainPermits();
	}

	@Test
	void slowUploadsLeaveRequestThreadsForOtherCalls() throws Exception {
		List<ChunkedExchange> uploads = new ArrayList<>();
		try {
			for (int i = 0; i < 3 * REQUEST_THREADS; i++) {
				ChunkedExchange upload = new ChunkedExchange(this.port, ECHO, "Content-Type: application/json", WATCHED);
				uploads.add(upload);
				upload.send("{\"message\":");
			}
			assertThat(UploadWatch.started.tryAcquire(uploads.size(), 10, TimeUnit.SECONDS))
				.as("every call started before its body ended").isTrue();

			HttpResponse<String> other = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + ECHO))
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"meanwhile\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(other.statusCode()).isEqualTo(200);
			assertThat(json.readTree(other.body()).get("message").asText()).isEqualTo("meanwhile");

			for (int i = 0; i < uploads.size(); i++) {
				uploads.get(i).send("\"slow " + i + "\"}");
				uploads.get(i).finish();
			}
			for (int i = 0; i < uploads.size(); i++) {
				assertThat(uploads.get(i).status()).isEqualTo(200);
				assertThat(json.readTree(uploads.get(i).readRest()).get("message").asText()).isEqualTo("slow " + i);
			}
		}
		finally {
			for (ChunkedExchange upload : uploads) {
				upload.close();
			}
		}
	}

	@ParameterizedTest(name = "declared length: {0}")
	@ValueSource(booleans = { true, false })
	void bodyThatArrivesSlowlyOverHttp2(boolean declaredLength) throws Exception {
		byte[] start = "{\"message\":".getBytes(StandardCharsets.UTF_8);
		byte[] end = "\"over h2\"}".getBytes(StandardCharsets.UTF_8);
		RequestBody slowly = new RequestBody() {

			@Override
			public MediaType contentType() {
				return MediaType.get("application/json");
			}

			@Override
			public long contentLength() {
				return declaredLength ? start.length + end.length : -1;
			}

			@Override
			public void writeTo(BufferedSink sink) throws IOException {
				sink.write(start).flush();
				awaitStart();
				sink.write(end);
			}

		};
		OkHttpClient client = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
		try (Response response = client.newCall(new Request.Builder().url("http://localhost:" + this.port + ECHO)
			.header(UploadWatch.HEADER, "1")
			.post(slowly)
			.build()).execute()) {
			assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
			assertThat(response.code()).isEqualTo(200);
			assertThat(json.readTree(response.body().string()).get("message").asText()).isEqualTo("over h2");
		}
		finally {
			client.connectionPool().evictAll();
		}
	}

	@Test
	void restRouteMergesABodyThatArrivesSlowlyWithItsPath() throws Exception {
		try (ChunkedExchange upload = new ChunkedExchange(this.port, "/v1/shelves/3/books",
				"Content-Type: application/json", WATCHED)) {
			upload.send("{\"title\":");
			awaitStart();
			upload.send("\"Dune\"}");
			upload.finish();

			assertThat(upload.status()).isEqualTo(200);
			JsonNode book = json.readTree(upload.readRest());
			assertThat(book.get("title").asText()).isEqualTo("Dune");
			assertThat(book.get("name").asText()).startsWith("shelves/3/books/");
		}
	}

	@Test
	void deadlineCoversTheUpload(CapturedOutput output) throws Exception {
		try (ChunkedExchange upload = new ChunkedExchange(this.port, ECHO, "Content-Type: application/json",
				"Connect-Timeout-Ms: 300", WATCHED)) {
			upload.send("{\"message\":");
			awaitStart();

			assertThat(upload.status()).isEqualTo(504);
			assertThat(json.readTree(upload.readRest()).get("code").asText()).isEqualTo("deadline_exceeded");
			assertThat(UploadWatch.cancelled.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
			// The rest of the body, after the call ended, goes nowhere, or finds the connection
			// closed: either way nothing is logged.
			try {
				upload.send("\"late\"}");
				upload.finish();
			}
			catch (IOException ex) {
				// Closed.
			}
		}
		assertQuietAfterAMoment(output);
	}

	@Test
	void clientThatLeavesMidUploadCancelsTheCall(CapturedOutput output) throws Exception {
		try (ChunkedExchange upload = new ChunkedExchange(this.port, ECHO, "Content-Type: application/json",
				WATCHED)) {
			upload.send("{\"message\":");
			awaitStart();
		}
		assertThat(UploadWatch.cancelled.tryAcquire(10, TimeUnit.SECONDS)).as("the call was cancelled").isTrue();
		assertQuietAfterAMoment(output);
	}

	@Test
	void gzippedBodyIsDecompressedAsItArrives() throws Exception {
		String message = "z".repeat(10_000);
		byte[] gzip = Compression.gzip(("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
		try (ChunkedExchange upload = new ChunkedExchange(this.port, ECHO, "Content-Type: application/json",
				"Content-Encoding: gzip", WATCHED)) {
			upload.send(Arrays.copyOfRange(gzip, 0, gzip.length / 2));
			awaitStart();
			upload.send(Arrays.copyOfRange(gzip, gzip.length / 2, gzip.length));
			upload.finish();

			assertThat(upload.status()).isEqualTo(200);
			assertThat(json.readTree(upload.readRest()).get("message").asText()).isEqualTo(message);
		}
	}

	@Test
	void gzippedBodyThatInflatesPastTheLimitIsRefusedAsItArrives() throws Exception {
		byte[] gzip = Compression.gzip(("{\"message\":\"" + "z".repeat(64 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
		try (ChunkedExchange upload = new ChunkedExchange(this.port, ECHO, "Content-Type: application/json",
				"Content-Encoding: gzip", WATCHED)) {
			upload.send(Arrays.copyOfRange(gzip, 0, 20));
			awaitStart();
			// The rest, without the end: the limit is passed before the body ends.
			upload.send(Arrays.copyOfRange(gzip, 20, gzip.length));

			assertThat(upload.status()).isEqualTo(429);
			assertThat(json.readTree(upload.readRest()).get("message").asText())
				.isEqualTo("message is larger than the limit of 16384 bytes");
		}
	}

	@Test
	void bodyOfUndeclaredLengthPastTheLimitIsRefusedAsItArrives() throws Exception {
		try (ChunkedExchange upload = new ChunkedExchange(this.port, ECHO, "Content-Type: application/json",
				WATCHED)) {
			upload.send("{\"message\":\"");
			awaitStart();
			// Past the limit, without the end.
			upload.send("z".repeat(16 * 1024));

			assertThat(upload.status()).isEqualTo(429);
			assertThat(json.readTree(upload.readRest()).get("message").asText())
				.isEqualTo("message is larger than the limit of 16384 bytes");
		}
	}

	@Test
	void bodyThatEndsInsideItsGzipDataIsInvalidArgument() throws Exception {
		byte[] gzip = Compression.gzip("{\"message\":\"cut\"}".getBytes(StandardCharsets.UTF_8));
		try (ChunkedExchange upload = new ChunkedExchange(this.port, ECHO, "Content-Type: application/json",
				"Content-Encoding: gzip", WATCHED)) {
			upload.send(Arrays.copyOfRange(gzip, 0, 12));
			awaitStart();
			upload.send(Arrays.copyOfRange(gzip, 12, gzip.length - 4));
			upload.finish();

			assertThat(upload.status()).isEqualTo(400);
			assertThat(json.readTree(upload.readRest()).get("message").asText())
				.isEqualTo("the body ended inside its gzip data");
		}
	}

	/**
	 * The container's error dispatch, were a call's end to leave it one, would follow within
	 * milliseconds and log that Spring Boot's error page cannot render into the response.
	 */
	private static void assertQuietAfterAMoment(CapturedOutput output) throws InterruptedException {
		Thread.sleep(500);
		assertThat(output).doesNotContain(" WARN ").doesNotContain(" ERROR ");
	}

	private static void awaitStart() {
		try {
			assertThat(UploadWatch.started.tryAcquire(10, TimeUnit.SECONDS)).as("the call started").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting for the call to start", ex);
		}
	}

	/**
	 * Counts the calls that start, and those cancelled, among those made with its header.
	 */
	@GrpcGlobalServerInterceptor
	static class UploadWatch implements ServerInterceptor {

		static final String HEADER = "x-upload-watch";

		static final Semaphore started = new Semaphore(0);

		static final Semaphore cancelled = new Semaphore(0);

		private static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			if (!headers.containsKey(KEY)) {
				return next.startCall(call, headers);
			}
			ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
			started.release();
			return new SimpleForwardingServerCallListener<>(listener) {
				@Override
				public void onCancel() {
					cancelled.release();
					super.onCancel();
				}
			};
		}

	}

}
