package dev.rpcstarter.bench.runner;

/**
 * One round of one target.
 *
 * @param load what the load generator measured
 * @param serverCpuMicrosPerCall the server's CPU time (user + system, all threads) per call
 * @param otherCores CPU used meanwhile by processes other than the server, this runner and
 * the load generator, in cores (0.5 = half a core busy all round)
 * @param reruns how many times the round was repeated because others were too busy
 */
record Measurement(LoadResult load, double serverCpuMicrosPerCall, double otherCores, int reruns) {
}
