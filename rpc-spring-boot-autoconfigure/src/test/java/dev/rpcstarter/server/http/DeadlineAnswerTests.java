package dev.rpcstarter.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Duration;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.testservice.TestApplication;
import dev.rpcstarter.testservice.TestServiceImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer to a call whose deadline passed: the service is cancelled at the deadline over
 * any protocol; over HTTP/2 the answer then waits for the client's own reset (see
 * {@link DeadlineAnswers}), over HTTP/1.1 it goes at once.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class DeadlineAnswerTests {

	private static final long DEADLINE_MILLIS = 100;

	@LocalServerPort
	private int port;

	@Autowired
	private TestServiceImpl service;

	@BeforeEach
	void forgetEarlierCancellations() {
		this.service.resetSleepCancelled();
	}

	@Test
	void overHttp2TheAnswerWaitsForTheClientsResetAfterTheServiceIsCancelled() throws Exception {
		try (RawHttp2Connection connection = new RawHttp2Connection(this.port, 0)) {
			long start = System.nanoTime();
			connection.grpcCall(1, "Sleep", SleepRequest.newBuilder().setDuration(Duration.newBuilder().setSeconds(10)).build(),
					"grpc-timeout", DEADLINE_MILLIS + "m");

			assertThat(this.service.awaitSleepCancelled(DeadlineAnswers.HTTP2_WAIT.toMillis()))
				.as("the service is cancelled at the deadline")
				.isTrue();
			List<RawHttp2Connection.Frame> frames = connection.readUntil((frame) -> frame.endsStream(1));
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

			assertThat(frames.get(frames.size() - 1).endsStream(1)).as("the answer came").isTrue();
			assertThat(elapsedMillis).isGreaterThanOrEqualTo(DEADLINE_MILLIS + DeadlineAnswers.HTTP2_WAIT.toMillis());
		}
	}

	@Test
	void overHttp1TheAnswerGoesAtOnce() throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		long start = System.nanoTime();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/rpcstarter.test.v1.TestService/Sleep"))
					.header("Content-Type", "application/json")
					.header("Connect-Timeout-Ms", Long.toString(DEADLINE_MILLIS))
					.POST(HttpRequest.BodyPublishers.ofString("{\"duration\":\"10s\"}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).contains("deadline_exceeded");
		assertThat(elapsedMillis).isLessThan(DEADLINE_MILLIS + DeadlineAnswers.HTTP2_WAIT.toMillis());
		assertThat(this.service.awaitSleepCancelled(0)).isTrue();
	}

}
