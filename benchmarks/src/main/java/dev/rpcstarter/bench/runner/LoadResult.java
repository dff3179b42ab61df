package dev.rpcstarter.bench.runner;

/**
 * What one load generator run measured.
 *
 * @param requests calls completed
 * @param requestsPerSecond calls completed per second
 * @param p50Micros median latency, microseconds
 * @param p99Micros 99th percentile latency, microseconds
 * @param errors calls that did not end with a 2xx status, plus socket errors
 */
record LoadResult(long requests, double requestsPerSecond, double p50Micros, double p99Micros, long errors) {
}
