package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import dev.rpcstarter.bench.service.GrpcExecutor;

/**
 * The starter built from this tree against the starter built from another commit, measured on
 * the same machine in one run: each target of one build takes turns with the same target of
 * the other, round by round, so that the ratios (this build over the other) show what a change
 * costs or saves, however noisy the machine. Started by {@code benchmarks/run.sh --compare REV};
 * the report in {@code docs/} is left alone.
 */
final class BuildComparison {

	/** What this tree is called in the table. */
	static final String THIS_TREE = "this tree";

	private final RunConfig config;

	private final Workspace current;

	private final Workspace other;

	private final String otherName;

	/**
	 * @param config how long and how often to measure
	 * @param current this tree, built
	 * @param other the other commit's tree, built
	 * @param otherName the other commit, as given
	 */
	BuildComparison(RunConfig config, Workspace current, Workspace other, String otherName) {
		this.config = config;
		this.current = current;
		this.other = other;
		this.otherName = otherName;
	}

	/**
	 * Measures both builds, prints the ratios and writes them to {@code compare.md} in this
	 * tree's run folder.
	 */
	void run() throws IOException, InterruptedException {
		List<RunResult.ScenarioResult> results = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		// No target here is driven by the Java client, but the bench and the check take one.
		try (Servers mine = new Servers(this.current); Servers theirs = new Servers(this.other);
				JavaClients javaClients = new JavaClients(this.current)) {
			Build thisBuild = Build.start(mine, THIS_TREE);
			Build otherBuild = Build.start(theirs, this.otherName);
			Bench bench = new Bench(this.config, new H2Load(this.current.file("h2load-requests.log")),
					new Wrk(this.current.resource("wrk-post.lua")), javaClients, System.out);
			Targets targets = new Targets(this.current);
			for (Scenario scenario : scenarios(targets, thisBuild, otherBuild)) {
				Scenario verified = BenchMain.verified(scenario, javaClients, new LinkedHashMap<>(), failures);
				results.add(new RunResult.ScenarioResult(verified, bench.run(verified)));
			}
		}
		String table = table(this.config, this.otherName, results, failures);
		System.out.println("\n" + table);
		Files.writeString(this.current.file("compare.md"), table);
	}

	/**
	 * Each message at the concurrencies of a run, as in a full run, on the starter's gRPC port
	 * (direct executor), Connect proto over HTTP/1.1 and h2c, Connect JSON and the REST route
	 * over HTTP/1.1: the paths every change to the bridge or the call model touches.
	 */
	private List<Scenario> scenarios(Targets targets, Build thisBuild, Build otherBuild) throws IOException {
		List<Scenario> scenarios = new ArrayList<>();
		for (Payload payload : Payload.values()) {
			for (int concurrency : Scenarios.concurrencies(this.config, payload)) {
				scenarios.add(scenario(payload, concurrency, thisBuild.targets(targets, payload),
						otherBuild.targets(targets, payload)));
			}
		}
		return scenarios;
	}

	/** Each of this build's targets takes turns with the same target of the other build. */
	private static Scenario scenario(Payload payload, int concurrency, List<Target> mine, List<Target> theirs) {
		List<Target> all = new ArrayList<>();
		List<Scenario.Comparison> comparisons = new ArrayList<>();
		for (int i = 0; i < mine.size(); i++) {
			all.addAll(List.of(mine.get(i), theirs.get(i)));
			comparisons.add(Scenario.Comparison.withoutGoal(mine.get(i), theirs.get(i)));
		}
		return new Scenario("Unary echo, " + payload.label() + " message", concurrency, all, comparisons);
	}

	/**
	 * The ratios of every comparison, as a Markdown table: this tree's target over the other's.
	 * @param config the rounds that were run
	 * @param otherName the other commit
	 * @param results the scenarios and their rounds
	 * @param failures the targets that were not measured, and why
	 * @return the table, with a heading line
	 */
	static String table(RunConfig config, String otherName, List<RunResult.ScenarioResult> results,
			List<String> failures) {
		String heading = "Build comparison: " + THIS_TREE + " against " + otherName
				+ String.format(" (%d rounds of %d s; ratios %s ÷ %s, median (min–max) of the rounds)", config.rounds(),
						config.seconds(), THIS_TREE, otherName);
		return Report.ratioTable(heading, List.of("Target"),
				(comparison) -> List.of(comparison.candidate().ofBuild("").name()), results, failures);
	}

	/**
	 * One build's servers: the starter app for its gRPC port and, in a JVM of its own, for its
	 * web port, as in a full run.
	 */
	private record Build(String name, Servers.Launched grpc, Servers.Launched web) {

		static Build start(Servers servers, String name) throws IOException, InterruptedException {
			return new Build(name, servers.starter(GrpcExecutor.DIRECT), servers.starterForWebPort());
		}

		List<Target> targets(Targets targets, Payload payload) throws IOException {
			List<Target> all = new ArrayList<>();
			all.add(targets.grpc(Family.STARTER_GRPC, this.grpc, GrpcExecutor.DIRECT, Servers.ECHO_PATH, payload.order(),
					payload.label(), 1));
			all.add(targets.http(Family.CONNECT_PROTO, this.web, false, Servers.ECHO_PATH, payload));
			all.add(targets.http(Family.CONNECT_PROTO, this.web, true, Servers.ECHO_PATH, payload));
			all.add(targets.http(Family.GRPC_WEB_PROTO, this.web, true, Servers.ECHO_PATH, payload));
			all.add(targets.http(Family.CONNECT_JSON, this.web, false, Servers.ECHO_PATH, payload));
			all.add(targets.http(Family.STARTER_REST_JSON, this.web, false, Servers.REST_PATH, payload));
			return all.stream().map((target) -> target.ofBuild(this.name)).toList();
		}

	}

}
