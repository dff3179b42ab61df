package dev.rpcstarter.bench.runner;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Targets measured against each other in one interleaved series of rounds: same message, same
 * concurrency.
 *
 * @param title what is measured, for the report
 * @param concurrency calls in flight
 * @param targets the targets, in the order they take turns
 * @param comparisons the ratios to report, each against a baseline in this scenario
 */
record Scenario(String title, int concurrency, List<Target> targets, List<Comparison> comparisons) {

	/**
	 * @return whether the Java client driver calls every target, so that CPU per call is the client's
	 */
	boolean clientSide() {
		return !this.targets.isEmpty() && this.targets.stream().allMatch((target) -> target.family().clientDriven());
	}

	/**
	 * A ratio of a target to a baseline, with the goal it should reach if one is set.
	 *
	 * @param candidate the starter's target
	 * @param baseline what it is compared with
	 * @param goal the least acceptable ratio of throughput, and of CPU efficiency (baseline CPU
	 * per call over candidate CPU per call); empty where no goal is set and the ratio is
	 * reported for information
	 */
	record Comparison(Target candidate, Target baseline, OptionalDouble goal) {

		Comparison(Target candidate, Target baseline, double goal) {
			this(candidate, baseline, OptionalDouble.of(goal));
		}

		static Comparison withoutGoal(Target candidate, Target baseline) {
			return new Comparison(candidate, baseline, OptionalDouble.empty());
		}

	}

}
