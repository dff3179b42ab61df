package dev.rpcstarter.bench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table of a build comparison: this tree's target over the other build's, round by round.
 */
class BuildComparisonTests {

	@Test
	void ratiosAreThisTreeOverTheOtherBuildWithTheirSpread() {
		Target mine = target(BuildComparison.THIS_TREE, 1001);
		Target theirs = target("abc123", 1002);
		Scenario scenario = new Scenario("Unary echo, small message", 64, List.of(mine, theirs),
				List.of(Scenario.Comparison.withoutGoal(mine, theirs)));
		Map<Target, List<Measurement>> rounds = new LinkedHashMap<>();
		// Throughput 1.10x, 1.00x and 0.90x of the other build; CPU per call 10 against 20, 20, 10 µs.
		rounds.put(mine, rounds(new double[] { 1100, 1000, 900 }, new double[] { 10, 10, 10 }));
		rounds.put(theirs, rounds(new double[] { 1000, 1000, 1000 }, new double[] { 20, 20, 10 }));

		String table = BuildComparison.table(RunConfig.of("compare"), "abc123",
				List.of(new RunResult.ScenarioResult(scenario, rounds)), List.of("starter REST route JSON h1: refused"));

		assertThat(table).startsWith("Build comparison: this tree against abc123 (5 rounds of 5 s; ratios this tree ÷ abc123");
		assertThat(table).contains("| Unary echo, small message, concurrency 64 | starter Connect proto h1 | "
				+ "1.00x (0.90–1.10x) | 2.00x (1.00–2.00x) |");
		assertThat(table).as("the build is the column, not part of the name").doesNotContain("[abc123]");
		assertThat(table).contains("Not measured: starter REST route JSON h1: refused");
	}

	private static Target target(String build, int port) {
		return new Target(Family.CONNECT_PROTO, false, "Tomcat request thread", null, port, Servers.ECHO_PATH,
				Payload.SMALL.order(), Path.of("small.body"), 1).ofBuild(build);
	}

	private static List<Measurement> rounds(double[] callsPerSecond, double[] serverCpu) {
		List<Measurement> rounds = new ArrayList<>();
		for (int round = 0; round < callsPerSecond.length; round++) {
			LoadResult load = new LoadResult((long) callsPerSecond[round] * 5, callsPerSecond[round], 100, 200, 0);
			rounds.add(new Measurement(load, serverCpu[round], Double.NaN, 0, 0));
		}
		return rounds;
	}

}
