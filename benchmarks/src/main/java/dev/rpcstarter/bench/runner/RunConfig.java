package dev.rpcstarter.bench.runner;

import java.util.List;

import dev.rpcstarter.bench.service.GrpcExecutor;

/**
 * How long and how often to measure.
 *
 * @param mode {@code quick}, {@code full}, {@code compare} (two builds of the starter) or
 *        {@code threads} (the executors and Tomcat's virtual threads)
 * @param rounds rounds per target; targets of a scenario take turns, round by round
 * @param seconds length of one round
 * @param firstWarmupSeconds load before a target's first round of the run, while its JVM compiles the
 *        paths it takes; longer than the later warm-ups, which only settle it on a new payload or concurrency
 * @param warmupSeconds load before the first round of each target in each later scenario
 * @param executors gRPC executors to compare raw grpc-java and the starter on
 * @param largeConcurrencies concurrencies for the large message (the small one gets 1 and 64)
 * @param startupRuns start-ups of the starter and the plain web app each
 * @param streamMessages messages per server-streaming call
 * @param maxOtherCores other processes' CPU above which a round counts as disturbed and is rerun
 * @param maxReruns reruns of one disturbed round before it is kept, flagged
 */
record RunConfig(String mode, int rounds, int seconds, int firstWarmupSeconds, int warmupSeconds, List<GrpcExecutor> executors,
		List<Integer> largeConcurrencies, int startupRuns, int streamMessages, double maxOtherCores, int maxReruns) {

	static RunConfig of(String mode) {
		return switch (mode) {
			case "quick" -> new RunConfig(mode, 2, 2, 8, 2, List.of(GrpcExecutor.DIRECT), List.of(64), 2, 100, 0.3, 1);
			case "full" -> new RunConfig(mode, 5, 8, 20, 5, List.of(GrpcExecutor.DIRECT, GrpcExecutor.DEFAULT),
					List.of(1, 64), 5, 100, 0.25, 2);
			case "compare" -> new RunConfig(mode, 5, 5, 15, 5, List.of(GrpcExecutor.DIRECT), List.of(64), 0, 100, 0.25, 2);
			case "threads" -> new RunConfig(mode, 5, 8, 15, 5, List.of(GrpcExecutor.values()), List.of(64), 0, 100, 0.25,
					2);
			default -> throw new IllegalArgumentException("mode must be quick, full, compare or threads, not " + mode);
		};
	}

}
