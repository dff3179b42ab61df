package dev.rpcstarter.bench.runner;

/**
 * What one load generator run measured.
 *
 * @param requests calls completed
 * @param requestsPerSecond calls completed per second
 * @param p50Micros median latency, microseconds
 * @param p99Micros 99th percentile latency, microseconds
 * @param errors calls that did not end with a 2xx status, plus socket errors
 * @param clientCpuNanos CPU time of the load generator during the run when it is a long-lived
 * process that reports it itself (the Java client driver); {@link #NOT_REPORTED} for h2load and
 * wrk, whose CPU the runner counts as its own once they exit
 */
record LoadResult(long requests, double requestsPerSecond, double p50Micros, double p99Micros, long errors,
		long clientCpuNanos) {

	static final long NOT_REPORTED = -1;

	LoadResult(long requests, double requestsPerSecond, double p50Micros, double p99Micros, long errors) {
		this(requests, requestsPerSecond, p50Micros, p99Micros, errors, NOT_REPORTED);
	}

	boolean reportsClientCpu() {
		return this.clientCpuNanos != NOT_REPORTED;
	}

}
