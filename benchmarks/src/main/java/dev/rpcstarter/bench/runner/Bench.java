package dev.rpcstarter.bench.runner;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures scenarios: warms every target up, then lets the targets take turns (A B C A B C ...)
 * so that a slow minute on this shared machine hurts all of them alike. Around each round it
 * reads the server's CPU time and how busy the rest of the machine was; a round during which
 * other processes used more than the configured share is run again.
 */
final class Bench {

	private static final int WARMUP_CONCURRENCY = 64;

	private final RunConfig config;

	private final LoadTool http2;

	private final LoadTool http1;

	private final LoadTool javaClient;

	private final PrintStream log;

	/** Targets, by name, that have been warmed up in an earlier scenario. */
	private final Set<String> warmed = new HashSet<>();

	Bench(RunConfig config, LoadTool http2, LoadTool http1, LoadTool javaClient, PrintStream log) {
		this.config = config;
		this.http2 = http2;
		this.http1 = http1;
		this.javaClient = javaClient;
		this.log = log;
	}

	/**
	 * Runs one scenario.
	 * @param scenario the scenario
	 * @return each target's rounds, in the scenario's order
	 */
	Map<Target, List<Measurement>> run(Scenario scenario) {
		this.log.printf("%n== %s, concurrency %d%n", scenario.title(), scenario.concurrency());
		Map<Target, List<Measurement>> rounds = new LinkedHashMap<>();
		for (Target target : scenario.targets()) {
			// At high concurrency whatever the scenario's: more calls per second of warm-up for the JIT.
			int warmupSeconds = this.warmed.add(target.name()) ? this.config.firstWarmupSeconds()
					: this.config.warmupSeconds();
			toolFor(target).run(target, WARMUP_CONCURRENCY, warmupSeconds);
			rounds.put(target, new ArrayList<>());
		}
		for (int round = 1; round <= this.config.rounds(); round++) {
			for (Target target : scenario.targets()) {
				Measurement measurement = measureUndisturbed(target, scenario.concurrency());
				rounds.get(target).add(measurement);
				this.log.printf("round %d  %-42s %9.0f calls/s  p50 %7.0f us  p99 %7.0f us  cpu %6.1f us/call"
						+ "  client cpu %6.1f us/call  others %.2f cores%s%n", round, target.name(),
						measurement.load().requestsPerSecond(), measurement.load().p50Micros(),
						measurement.load().p99Micros(), measurement.serverCpuMicrosPerCall(),
						measurement.clientCpuMicrosPerCall(), measurement.otherCores(),
						(measurement.load().errors() > 0) ? "  ERRORS " + measurement.load().errors() : "");
			}
		}
		return rounds;
	}

	private Measurement measureUndisturbed(Target target, int concurrency) {
		Measurement measurement = measure(target, concurrency, 0);
		for (int rerun = 1; rerun <= this.config.maxReruns()
				&& measurement.otherCores() > this.config.maxOtherCores(); rerun++) {
			this.log.printf("   other processes used %.2f cores; running the round again%n", measurement.otherCores());
			measurement = measure(target, concurrency, rerun);
		}
		return measurement;
	}

	private Measurement measure(Target target, int concurrency, int reruns) {
		long machineBefore = CpuClock.machineBusyTicks();
		long ownBefore = CpuClock.runnerAndLoadGeneratorTicks();
		long serverBefore = target.server().cpuTicks();
		long started = System.nanoTime();
		LoadResult load = toolFor(target).run(target, concurrency, this.config.seconds());
		double elapsedTicks = (System.nanoTime() - started) / 1e9 * CpuClock.TICKS_PER_SECOND;
		long serverTicks = target.server().cpuTicks() - serverBefore;
		long ownTicks = CpuClock.runnerAndLoadGeneratorTicks() - ownBefore;
		// A client driver lives on across rounds, so it is not among the reaped children counted above.
		long clientTicks = load.reportsClientCpu() ? load.clientCpuNanos() * CpuClock.TICKS_PER_SECOND / 1_000_000_000 : 0;
		long otherTicks = CpuClock.machineBusyTicks() - machineBefore - serverTicks - ownTicks - clientTicks;
		double microsPerTick = 1e6 / CpuClock.TICKS_PER_SECOND;
		double cpuPerCall = (load.requests() > 0) ? serverTicks * microsPerTick / load.requests() : Double.NaN;
		double clientCpuPerCall = (load.reportsClientCpu() && load.requests() > 0)
				? load.clientCpuNanos() / 1e3 / load.requests() : Double.NaN;
		return new Measurement(load, cpuPerCall, clientCpuPerCall, Math.max(0, otherTicks) / elapsedTicks, reruns);
	}

	private LoadTool toolFor(Target target) {
		if (target.family().clientDriven()) {
			return this.javaClient;
		}
		return target.http2() ? this.http2 : this.http1;
	}

}
