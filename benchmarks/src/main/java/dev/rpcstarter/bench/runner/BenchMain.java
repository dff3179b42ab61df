package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.rpcstarter.bench.service.GrpcExecutor;

/**
 * Runs the benchmark: {@code BenchMain <quick|full|check|threads> <repository root>}, or
 * {@code BenchMain compare <repository root> <other tree> <other commit>}. Started by
 * {@code benchmarks/run.sh}, which installs the tools, builds, and pins this JVM to the load
 * generators' core. {@code check} measures nothing: it starts the servers and checks that every
 * target answers correctly, as the module's tests do. {@code compare} measures this tree's
 * starter against another build of it ({@link BuildComparison}).
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) throws Exception {
		Workspace workspace = new Workspace(Path.of(args[1]).toAbsolutePath().normalize());
		if (args[0].equals("compare")) {
			new BuildComparison(RunConfig.of("compare"), workspace,
					new Workspace(Path.of(args[2]).toAbsolutePath().normalize()), args[3]).run();
			return;
		}
		if (args[0].equals("threads")) {
			new ThreadComparison(RunConfig.of("threads"), workspace).run();
			return;
		}
		if (args[0].equals("check")) {
			Check check = check(workspace);
			System.out.println("\n" + check.passed().size() + " targets answered correctly."
					+ (check.failures().isEmpty() ? "" : "\nFailed:\n" + String.join("\n", check.failures())));
			System.exit(check.failures().isEmpty() ? 0 : 1);
		}
		RunConfig config = RunConfig.of(args[0]);
		List<String> machine = Machine.describe();
		Map<String, List<Long>> startup = measureStartup(config, workspace);
		List<RunResult.ScenarioResult> results = new ArrayList<>();
		Map<Target, Long> bytesPerCall = new LinkedHashMap<>();
		List<String> failures = new ArrayList<>();
		List<OpenStreams.Result> openStreams = new ArrayList<>();
		try (Servers servers = new Servers(workspace)) {
			Lineup lineup = Lineup.start(config, servers);
			try (JavaClients javaClients = new JavaClients(workspace)) {
				Bench bench = new Bench(config, new H2Load(workspace.file("h2load-requests.log")),
						new Wrk(workspace.resource("wrk-post.lua")), javaClients, System.out);
				for (Scenario scenario : lineup.scenarios(config, workspace)) {
					Scenario verified = verified(scenario, javaClients, bytesPerCall, failures);
					results.add(new RunResult.ScenarioResult(verified, bench.run(verified)));
				}
			}
			openStreams.addAll(measureOpenStreams(config, workspace, lineup, failures));
		}
		RunResult run = new RunResult(config, machine, startup, results, bytesPerCall, openStreams, failures);
		Report.write(run, workspace.docs());
		System.out.println("\nWrote " + workspace.docs().resolve(Report.FILE_NAME) + " and "
				+ workspace.docs().resolve(Report.CHART_NAME));
	}

	/**
	 * Starts the servers of a full run and checks every target's answer with a real client, the
	 * client drivers' first calls included, without measuring anything.
	 * @param workspace where bodies and logs go
	 * @return the targets that answered correctly and those that did not
	 */
	static Check check(Workspace workspace) throws Exception {
		RunConfig config = RunConfig.of("full");
		Set<String> passed = new LinkedHashSet<>();
		List<String> failures = new ArrayList<>();
		try (Servers servers = new Servers(workspace); JavaClients javaClients = new JavaClients(workspace)) {
			for (Scenario scenario : Lineup.start(config, servers).scenarios(config, workspace)) {
				verified(scenario, javaClients, new LinkedHashMap<>(), failures).targets()
					.forEach((target) -> passed.add(target.name()));
			}
		}
		return new Check(passed, failures);
	}

	/**
	 * The outcome of {@link #check}.
	 *
	 * @param passed names of the targets that answered correctly
	 * @param failures the targets that did not, with why: what a run lists under <em>Not measured</em>
	 */
	record Check(Set<String> passed, List<String> failures) {
	}

	/**
	 * Starts the starter app and the plain web app in turns, each until its first successful
	 * request, and stops it again.
	 */
	private static Map<String, List<Long>> measureStartup(RunConfig config, Workspace workspace) throws Exception {
		String sampleUserApp = "sample user app (gRPC + Connect, H2 database, an @RpcClient, springdoc's Swagger UI)";
		Map<String, List<Long>> millis = new LinkedHashMap<>();
		millis.put(sampleUserApp, new ArrayList<>());
		millis.put("benchmark's starter app (gRPC + Connect, one service)", new ArrayList<>());
		millis.put("plain Spring Boot web app (REST)", new ArrayList<>());
		for (int run = 0; run < config.startupRuns(); run++) {
			try (Servers servers = new Servers(workspace)) {
				millis.get(sampleUserApp).add(servers.sampleUserApp().process().startupMillis());
			}
			try (Servers servers = new Servers(workspace)) {
				millis.get("benchmark's starter app (gRPC + Connect, one service)")
					.add(servers.starter(GrpcExecutor.DIRECT).process().startupMillis());
			}
			try (Servers servers = new Servers(workspace)) {
				millis.get("plain Spring Boot web app (REST)").add(servers.rest(false).process().startupMillis());
			}
		}
		System.out.println("Start-up (ms to first successful request): " + millis);
		return millis;
	}

	/**
	 * Server heap per open stream on raw grpc-java, the starter's gRPC port (with the first
	 * executor) and its web port (Connect over h2c), the last also with a smaller HTTP/2 window.
	 * A failure is reported, not fatal.
	 */
	private static List<OpenStreams.Result> measureOpenStreams(RunConfig config, Workspace workspace, Lineup lineup,
			List<String> failures) {
		GrpcExecutor executor = config.executors().get(0);
		String executorNote = " (" + executor.name().toLowerCase(Locale.ROOT) + " executor)";
		Servers.Launched rawGrpc = lineup.grpc().get(executor).raw();
		Servers.Launched app = lineup.grpc().get(executor).starter();
		Servers.Launched web = lineup.web();
		Servers.Launched smallWindow = lineup.webSmallWindow();
		try {
			return new OpenStreams(config, workspace, System.out).measure(List.of(
					new OpenStreams.HeapTarget(Family.RAW_GRPC.label() + executorNote, rawGrpc.process(),
							ClientTransport.GRPC, rawGrpc.grpcPort()),
					new OpenStreams.HeapTarget(Family.STARTER_GRPC.label() + executorNote, app.process(),
							ClientTransport.GRPC, app.grpcPort()),
					new OpenStreams.HeapTarget(Family.CONNECT_STREAM_PROTO.label() + " h2c", web.process(),
							ClientTransport.CONNECT_H2C, web.webPort()),
					new OpenStreams.HeapTarget(Family.CONNECT_STREAM_PROTO.label() + " h2c, " + Servers.SMALL_HTTP2_WINDOW
							+ " HTTP/2 window", smallWindow.process(), ClientTransport.CONNECT_H2C, smallWindow.webPort())));
		}
		catch (Exception ex) {
			failures.add("server heap with open streams: " + ex.getMessage());
			System.out.println("NOT MEASURED server heap with open streams: " + ex);
			return List.of();
		}
	}

	/** The scenario without the targets that do not answer correctly; those are reported, not measured. */
	static Scenario verified(Scenario scenario, JavaClients javaClients, Map<Target, Long> bytesPerCall,
			List<String> failures) {
		List<Target> passed = new ArrayList<>();
		for (Target target : scenario.targets()) {
			try {
				bytesPerCall.put(target, Verifier.verify(target));
				if (target.family().clientDriven()) {
					javaClients.start(target); // checks the client's own first answer
				}
				passed.add(target);
			}
			catch (Exception ex) {
				String failure = target.name() + ": " + ex.getMessage();
				if (!failures.contains(failure)) {
					failures.add(failure);
				}
				System.out.println("NOT MEASURED " + failure);
			}
		}
		List<Scenario.Comparison> comparisons = scenario.comparisons()
			.stream()
			.filter((c) -> passed.contains(c.candidate()) && passed.contains(c.baseline()))
			.toList();
		return new Scenario(scenario.title(), scenario.concurrency(), passed, comparisons);
	}

	/**
	 * The servers under test, started.
	 *
	 * @param grpc raw grpc-java, the starter and the control, per gRPC executor of the run
	 * @param web the starter's JVM for its web port and the client-side scenarios
	 * @param webSmallWindow the starter's JVM for its web port with a smaller HTTP/2 window
	 * @param rest the REST app
	 * @param restBlockingReader the REST app with Tomcat's blocking HTTP/2 reader
	 */
	private record Lineup(Map<GrpcExecutor, Servers.GrpcServers> grpc, Servers.Launched web,
			Servers.Launched webSmallWindow, Servers.Launched rest, Servers.Launched restBlockingReader) {

		static Lineup start(RunConfig config, Servers servers) throws IOException, InterruptedException {
			Map<GrpcExecutor, Servers.GrpcServers> grpc = new EnumMap<>(GrpcExecutor.class);
			for (GrpcExecutor executor : config.executors()) {
				grpc.put(executor, new Servers.GrpcServers(servers.rawGrpc(executor), servers.starter(executor),
						servers.controlJvm(executor)));
			}
			return new Lineup(grpc, servers.starterForWebPort(), servers.starterForWebPortWithSmallWindow(),
					servers.rest(false), servers.rest(true));
		}

		List<Scenario> scenarios(RunConfig config, Workspace workspace) throws IOException {
			return new Scenarios(config, workspace, this.grpc, this.web, this.webSmallWindow, this.rest,
					this.restBlockingReader).all();
		}

	}

}
