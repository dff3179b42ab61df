package dev.rpcstarter.bench.runner;

/**
 * One round of one target.
 *
 * @param load what the load generator measured
 * @param serverCpuMicrosPerCall the server's CPU time (user + system, all threads) per call
 * @param clientCpuMicrosPerCall the client driver's CPU time per call, NaN for h2load and wrk
 * @param otherCores CPU used meanwhile by processes other than the server, this runner and
 * the load generator, in cores (0.5 = half a core busy all round)
 * @param reruns how many times the round was repeated because others were too busy
 */
record Measurement(LoadResult load, double serverCpuMicrosPerCall, double clientCpuMicrosPerCall, double otherCores,
		int reruns) {

	/**
	 * The CPU per call a scenario is judged on: the client's in client-side scenarios, else the server's.
	 * @param clientSide whether the scenario measures clients
	 * @return microseconds per call
	 */
	double cpuMicrosPerCall(boolean clientSide) {
		return clientSide ? this.clientCpuMicrosPerCall : this.serverCpuMicrosPerCall;
	}
}
