package dev.rpcstarter.bench.runner;

import java.util.List;
import java.util.Map;

/**
 * Everything a run found, for the report and the chart.
 *
 * @param config how it was run
 * @param machine the machine, as {@link Machine#describe()} saw it before the run
 * @param startupMillis per app, milliseconds from JVM launch to the first successful request
 * @param scenarios each scenario with its targets' rounds
 * @param bytesPerCall per target, request plus response bodies of one call
 * @param openStreams server heap per open idle stream, per target
 * @param failures targets that failed verification and were not measured, with the reason
 */
record RunResult(RunConfig config, List<String> machine, Map<String, List<Long>> startupMillis,
		List<ScenarioResult> scenarios, Map<Target, Long> bytesPerCall, List<OpenStreams.Result> openStreams,
		List<String> failures) {

	/**
	 * A scenario with the rounds of each of its targets.
	 * @param scenario the scenario, with only the targets that passed verification
	 * @param rounds per target, one measurement per round
	 */
	record ScenarioResult(Scenario scenario, Map<Target, List<Measurement>> rounds) {
	}

}
