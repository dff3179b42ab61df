package dev.rpcstarter.bench.runner;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Wrk}'s reading of wrk's output, as wrk 4 prints it with {@code --latency}.
 */
class WrkTests {

	private static final Offset<Double> ROUNDING = Offset.offset(1e-6);

	@Test
	void cleanRunGivesRequestsRateAndLatenciesInMicroseconds() {
		String output = """
				Running 8s test @ http://127.0.0.1:8081/bench.v1.EchoService/Echo
				  1 threads and 64 connections
				  Thread Stats   Avg      Stdev     Max   +/- Stdev
				    Latency     1.05ms  312.40us  14.21ms   89.12%
				    Req/Sec    61.02k     1.98k   64.33k    81.25%
				  Latency Distribution
				     50%  986.00us
				     75%    1.16ms
				     90%    1.38ms
				     99%    2.41ms
				  488123 requests in 8.00s, 96.64MB read
				Requests/sec:  61012.87
				Transfer/sec:     12.08MB
				""";
		LoadResult result = Wrk.parse(output);
		assertThat(result.requests()).isEqualTo(488123);
		assertThat(result.requestsPerSecond()).isEqualTo(61012.87);
		assertThat(result.p50Micros()).isEqualTo(986.0);
		assertThat(result.p99Micros()).isCloseTo(2410.0, ROUNDING);
		assertThat(result.errors()).isZero();
		assertThat(result.reportsClientCpu()).isFalse();
	}

	@Test
	void latencyInSecondsIsConvertedAndNon2xxAndSocketErrorsAddUp() {
		String output = """
				Running 8s test @ http://127.0.0.1:8081/connect/bench.v1.EchoService/Echo
				  1 threads and 64 connections
				  Thread Stats   Avg      Stdev     Max   +/- Stdev
				    Latency    12.31ms   80.02ms   1.99s    98.80%
				    Req/Sec     5.20k   401.22     5.71k    75.00%
				  Latency Distribution
				     50%  812.00us
				     75%    1.02ms
				     90%    1.50ms
				     99%    1.20s
				  41590 requests in 8.00s, 8.21MB read
				  Socket errors: connect 0, read 2, write 1, timeout 5
				  Non-2xx or 3xx responses: 12
				Requests/sec:   5198.61
				Transfer/sec:      1.03MB
				""";
		LoadResult result = Wrk.parse(output);
		assertThat(result.requests()).isEqualTo(41590);
		assertThat(result.p50Micros()).isEqualTo(812.0);
		assertThat(result.p99Micros()).isCloseTo(1_200_000.0, ROUNDING);
		assertThat(result.errors()).isEqualTo(12 + 2 + 1 + 5);
	}

	@Test
	void outputWithoutLatencyDistributionIsRejected() {
		String output = """
				Running 8s test @ http://127.0.0.1:8081/bench.v1.EchoService/Echo
				  1 threads and 64 connections
				  Thread Stats   Avg      Stdev     Max   +/- Stdev
				    Latency     1.05ms  312.40us  14.21ms   89.12%
				    Req/Sec    61.02k     1.98k   64.33k    81.25%
				  488123 requests in 8.00s, 96.64MB read
				Requests/sec:  61012.87
				Transfer/sec:     12.08MB
				""";
		assertThatIllegalStateException().isThrownBy(() -> Wrk.parse(output)).withMessageContaining("no 50% latency");
	}

	@Test
	void outputOfAFailedStartIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:8081 Connection refused\n"))
			.withMessageContaining("unexpected wrk output");
	}

}
