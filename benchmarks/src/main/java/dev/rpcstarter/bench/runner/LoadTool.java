package dev.rpcstarter.bench.runner;

/**
 * A load generator: h2load for HTTP/2 (gRPC and h2c), wrk for HTTP/1.1.
 */
interface LoadTool {

	/**
	 * Sends calls for a while, pinned to {@link Commands#LOAD_CORE}.
	 * @param target what to call
	 * @param concurrency calls in flight
	 * @param seconds for how long
	 * @return what was measured
	 */
	LoadResult run(Target target, int concurrency, int seconds);

}
