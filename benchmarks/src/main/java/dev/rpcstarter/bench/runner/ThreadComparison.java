package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import dev.rpcstarter.bench.service.GrpcExecutor;

/**
 * The threads a service can run on, measured against each other in one run: the gRPC port's
 * direct executor and virtual threads against grpc-java's default pool, and Tomcat on virtual
 * threads against its platform threads for Connect proto over HTTP/1.1. What users choose with
 * {@code rpc.grpc.executor} and {@code spring.threads.virtual.enabled}. Needs Java 21 or later;
 * started by {@code benchmarks/run.sh --threads}, which leaves {@code docs/} alone.
 */
final class ThreadComparison {

	private static final String PLATFORM_THREADS = "platform threads";

	private static final String VIRTUAL_THREADS = "virtual threads";

	private final RunConfig config;

	private final Workspace workspace;

	ThreadComparison(RunConfig config, Workspace workspace) {
		this.config = config;
		this.workspace = workspace;
	}

	/** Measures, prints the ratios and writes them to {@code threads.md} in the run folder. */
	void run() throws IOException, InterruptedException {
		List<RunResult.ScenarioResult> results = new ArrayList<>();
		List<String> failures = new ArrayList<>();
		try (Servers servers = new Servers(this.workspace); JavaClients javaClients = new JavaClients(this.workspace)) {
			Servers.Launched pool = servers.starter(GrpcExecutor.DEFAULT);
			Servers.Launched direct = servers.starter(GrpcExecutor.DIRECT);
			Servers.Launched virtual = servers.starter(GrpcExecutor.VIRTUAL_THREADS);
			Servers.Launched platformWeb = servers.starterForWebPort();
			Servers.Launched virtualWeb = servers.starterForWebPortOnVirtualThreads();
			Bench bench = new Bench(this.config, new H2Load(this.workspace.file("h2load-requests.log")),
					new Wrk(this.workspace.resource("wrk-post.lua")), javaClients, System.out);
			Targets targets = new Targets(this.workspace);
			for (int concurrency : Scenarios.concurrencies(this.config, Payload.SMALL)) {
				Target byPool = grpc(targets, pool, GrpcExecutor.DEFAULT);
				Target byDirect = grpc(targets, direct, GrpcExecutor.DIRECT);
				Target byVirtual = grpc(targets, virtual, GrpcExecutor.VIRTUAL_THREADS);
				Target onPlatform = web(targets, platformWeb).ofBuild(PLATFORM_THREADS);
				Target onVirtual = web(targets, virtualWeb).ofBuild(VIRTUAL_THREADS);
				Scenario scenario = new Scenario("Unary echo, " + Payload.SMALL.label() + " message", concurrency,
						List.of(byPool, byDirect, byVirtual, onPlatform, onVirtual),
						List.of(Scenario.Comparison.withoutGoal(byDirect, byPool),
								Scenario.Comparison.withoutGoal(byVirtual, byPool),
								Scenario.Comparison.withoutGoal(onVirtual, onPlatform)));
				Scenario verified = BenchMain.verified(scenario, javaClients, new LinkedHashMap<>(), failures);
				results.add(new RunResult.ScenarioResult(verified, bench.run(verified)));
			}
		}
		String table = table(results, failures);
		System.out.println("\n" + table);
		Files.writeString(this.workspace.file("threads.md"), table);
	}

	private static Target grpc(Targets targets, Servers.Launched server, GrpcExecutor executor) throws IOException {
		return targets.grpc(Family.STARTER_GRPC, server, executor, Servers.ECHO_PATH, Payload.SMALL.order(),
				Payload.SMALL.label(), 1);
	}

	private static Target web(Targets targets, Servers.Launched server) throws IOException {
		return targets.http(Family.CONNECT_PROTO, server, false, Servers.ECHO_PATH, Payload.SMALL);
	}

	private String table(List<RunResult.ScenarioResult> results, List<String> failures) {
		String heading = String.format("Threads on Java %d (%d rounds of %d s; ratios of the target to its baseline, "
				+ "median (min–max) of the rounds)", Runtime.version().feature(), this.config.rounds(),
				this.config.seconds());
		return Report.ratioTable(heading, List.of("Target", "Baseline"),
				(comparison) -> List.of(comparison.candidate().name(), comparison.baseline().name()), results, failures);
	}

}
