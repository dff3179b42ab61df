package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link H2Load}'s reading of h2load's summary and per-request log.
 */
class H2LoadTests {

	/** What h2load 1.x prints for a timed run (-D), trimmed of its progress lines. */
	private static final String CLEAN_RUN = """
			starting benchmark...
			spawning thread #0: 8 total client(s). Timing-based test with 0s of warm-up time and 8s of main duration for measurements.
			Application protocol: h2c

			finished in 8.00s, 41234.50 req/s, 9.87MB/s
			requests: 329876 total, 329940 started, 329876 done, 329876 succeeded, 0 failed, 0 errored, 0 timeout
			status codes: 329876 2xx, 0 3xx, 0 4xx, 0 5xx
			traffic: 78.96MB (82795012) total, 9.11MB (9553264) headers (space savings 57.75%), 62.92MB (65975200) data
			                     min         max         mean         sd        +/- sd
			time for request:      106us     11.74ms       315us       607us    96.30%
			time for connect:      170us       170us       170us         0us   100.00%
			time to 1st byte:     8.69ms      8.69ms      8.69ms         0us   100.00%
			req/s           :    5154.22     5160.01     5156.81        2.10    62.50%
			""";

	@TempDir
	Path temp;

	@Test
	void summaryGivesDoneRequestsAndRateAndNoLatencyWithoutLog() {
		LoadResult result = H2Load.parse(CLEAN_RUN, null);
		assertThat(result.requests()).isEqualTo(329876);
		assertThat(result.requestsPerSecond()).isEqualTo(41234.50);
		assertThat(result.errors()).isZero();
		assertThat(result.p50Micros()).isNaN();
		assertThat(result.p99Micros()).isNaN();
		assertThat(result.reportsClientCpu()).isFalse();
	}

	@Test
	void requestsDoneWithoutA2xxStatusCountAsErrors() {
		String output = """
				finished in 8.00s, 1000.00 req/s, 300.00KB/s
				requests: 8000 total, 8008 started, 8000 done, 7985 succeeded, 15 failed, 3 errored, 0 timeout
				status codes: 7985 2xx, 0 3xx, 12 4xx, 0 5xx
				""";
		LoadResult result = H2Load.parse(output, null);
		assertThat(result.requests()).isEqualTo(8000);
		assertThat(result.errors()).isEqualTo(15);
	}

	@Test
	void streamsCounted2xxButNotDoneAtTheEndAreNoNegativeErrors() {
		String output = """
				finished in 8.00s, 1000.00 req/s, 300.00KB/s
				requests: 8000 total, 8008 started, 8000 done, 8000 succeeded, 0 failed, 0 errored, 0 timeout
				status codes: 8006 2xx, 0 3xx, 0 4xx, 0 5xx
				""";
		assertThat(H2Load.parse(output, null).errors()).isZero();
	}

	@Test
	void latenciesAreTheNearestRankPercentilesOfTheLogsThirdColumn() throws IOException {
		// start time (µs since the epoch), status, µs to the end of the response: 10 requests, shuffled
		List<Long> micros = List.of(700L, 100L, 1000L, 300L, 500L, 900L, 200L, 600L, 800L, 400L);
		StringBuilder log = new StringBuilder();
		for (int i = 0; i < micros.size(); i++) {
			log.append(1796439542778800L + i).append("\t200\t").append(micros.get(i)).append('\n');
		}
		log.append('\n');
		Path requestLog = Files.writeString(this.temp.resolve("h2load-requests.log"), log);
		LoadResult result = H2Load.parse(CLEAN_RUN, requestLog);
		assertThat(result.p50Micros()).isEqualTo(500);
		assertThat(result.p99Micros()).isEqualTo(1000);
		assertThat(result.requests()).isEqualTo(329876);
	}

	@Test
	void outputWithoutASummaryIsRejected() {
		String output = "connect to 127.0.0.1:8080 failed: Connection refused\nNo protocol negotiated. Aborted\n";
		assertThatIllegalStateException().isThrownBy(() -> H2Load.parse(output, null))
			.withMessageContaining("unexpected h2load output")
			.withMessageContaining("Connection refused");
	}

	@Test
	void commandPostsTheBodyWithEveryHeaderToTheUrlPinnedToTheLoadCore() {
		List<String> command = H2Load.command(8080, "/bench.v1.EchoService/Echo",
				List.of("content-type: application/grpc", "te: trailers"), Path.of("small.grpc.body"),
				List.of("-n", "1"));
		assertThat(command).containsExactly("taskset", "-c", Integer.toString(Commands.LOAD_CORE), "h2load", "-t", "1",
				"-d", "small.grpc.body", "-H", "content-type: application/grpc", "-H", "te: trailers", "-n", "1",
				"http://127.0.0.1:8080/bench.v1.EchoService/Echo");
	}

}
