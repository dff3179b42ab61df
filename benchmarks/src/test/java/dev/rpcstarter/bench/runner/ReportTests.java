package dev.rpcstarter.bench.runner;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Report}: the goal verdicts and the scenario tables it renders from a small,
 * made-up run of three rounds.
 */
class ReportTests {

	private static final String ECHO = "/bench.v1.EchoService/Echo";

	private static final Target RAW_GRPC = target(Family.RAW_GRPC, true, "direct executor", 9090);

	private static final Target STARTER_GRPC = target(Family.STARTER_GRPC, true, "direct executor", 9091);

	private static final Target CONTROL = target(Family.RAW_GRPC_IN_CONTROL_JVM, true, "direct executor", 9092);

	private static final Target STARTER_IN_CONTROL = target(Family.STARTER_GRPC_IN_CONTROL_JVM, true,
			"direct executor", 9093);

	private static final Target CONNECT_JSON = target(Family.CONNECT_JSON, false, "Tomcat request thread", 8080);

	private static final Target REST_JSON = target(Family.REST_JSON, false, "Tomcat request thread", 8081);

	private static final Target CLIENT_GRPC = target(Family.CLIENT_GRPC, true, "grpc-java Netty channel", 8080);

	private static final Target CLIENT_CONNECT = target(Family.CLIENT_CONNECT_PROTO, false, "ConnectChannel (OkHttp)",
			8080);

	private static final Scenario UNARY = new Scenario("Unary echo, small message", 64,
			List.of(RAW_GRPC, STARTER_GRPC, CONTROL, STARTER_IN_CONTROL, CONNECT_JSON, REST_JSON),
			List.of(new Scenario.Comparison(STARTER_GRPC, RAW_GRPC, Scenarios.GRPC_GOAL),
					Scenario.Comparison.withoutGoal(STARTER_IN_CONTROL, CONTROL),
					Scenario.Comparison.withoutGoal(CONTROL, RAW_GRPC),
					Scenario.Comparison.withoutGoal(STARTER_GRPC, STARTER_IN_CONTROL),
					new Scenario.Comparison(CONNECT_JSON, REST_JSON, Scenarios.CONNECT_JSON_GOAL)));

	@TempDir
	Path docs;

	@Test
	void goalIsMetOnlyWhenTheMediansOfBothPerRoundRatiosReachIt() throws IOException {
		String report = render(unaryRun());
		// Throughput per round 11000/10000, 10800/12000, 10450/11000: a median of exactly the goal, although
		// the medians' ratio would be 10800/11000. CPU efficiency per round 50/50, 40/50, 45/50: below it.
		assertThat(goalRow(report, "starter gRPC (direct executor)", "raw grpc-java (direct executor)"))
			.endsWith(" | 0.95x (0.90–1.10x) | 0.90x (0.80–1.00x) | ≥ 0.95x | **no** |");
		// Throughput 20000/15000, 21000/16000, 19000/15500; CPU efficiency 40/30, 45/30, 42/30.
		assertThat(goalRow(report, "starter Connect JSON h1", "Spring MVC REST JSON h1"))
			.endsWith(" | 1.31x (1.23–1.33x) | 1.40x (1.33–1.50x) | ≥ 1.0x | yes |");
		assertThat(goalRow(report, "starter gRPC in control JVM (direct executor)",
				"raw grpc-java in control JVM (direct executor)"))
			.endsWith(" | none set | — |");
	}

	@Test
	void unmetGoalIsListedAsBehindWithTheControlJvmsSplitOfIt() throws IOException {
		String report = render(unaryRun());
		List<String> behind = section(report, "### Where the starter is behind").stream()
			.filter((line) -> line.startsWith("- "))
			.toList();
		// The two servers of the control JVM: throughput 10500/10500, 11400/11400, 10450/11000; CPU efficiency
		// 48/48, 42/42, 45/50. Its raw grpc-java against raw grpc-java: 10500/10000, 11400/12000, 11000/11000;
		// 50/48, 40/42, 45/45. The starter against itself in the control JVM: 11000/10500, 10800/11400,
		// 10450/10450; 48/50, 42/50, 50/50.
		assertThat(behind).containsExactly("- Unary echo, small message, concurrency 64: starter gRPC (direct "
				+ "executor) reaches 0.95x (0.90–1.10x) of the throughput and 0.90x (0.80–1.00x) of the CPU efficiency "
				+ "of raw grpc-java (direct executor); the goal is 0.95x. In the control JVM, which runs both, starter "
				+ "gRPC in control JVM (direct executor) reaches 1.00x (0.95–1.00x) of the throughput and 1.00x "
				+ "(0.90–1.00x) of the CPU efficiency of raw grpc-java in control JVM (direct executor), which reaches "
				+ "1.00x (0.95–1.05x) of the throughput and 1.00x (0.95–1.04x) of the CPU efficiency of raw grpc-java "
				+ "in its own JVM; the starter in its own JVM reaches 1.00x (0.95–1.05x) of the throughput and 0.96x "
				+ "(0.84–1.00x) of the CPU efficiency of the same code in the control JVM.");
	}

	@Test
	void scenarioTableShowsMedianAndRangeOfEveryFigurePerTarget() throws IOException {
		String report = render(unaryRun());
		assertThat(report).contains("| raw grpc-java (direct executor) | direct executor | 11000 (10000–12000) | "
				+ "800 (700–900) | 2000 (1900–2100) | 45.0 (40.0–50.0) | 105 | 0.20 | 3 |");
	}

	@Test
	void clientSideGoalComparesClientCpuAndNothingIsBehindWhenItIsMet() throws IOException {
		Map<Target, List<Measurement>> rounds = new LinkedHashMap<>();
		// Server CPU alone would give the candidate an efficiency of 0.5; the client's gives 0.9, 0.82, 0.86.
		rounds.put(CLIENT_GRPC, clientRounds(new double[] { 10000, 10000, 10000 }, new double[] { 18, 18, 18 }, 50));
		rounds.put(CLIENT_CONNECT, clientRounds(new double[] { 9000, 9000, 9000 }, new double[] { 20, 22, 21 }, 100));
		Scenario clientSide = new Scenario("Client side", 64, List.of(CLIENT_GRPC, CLIENT_CONNECT),
				List.of(new Scenario.Comparison(CLIENT_CONNECT, CLIENT_GRPC, Scenarios.CONNECT_CLIENT_GOAL)));
		String report = render(run(new RunResult.ScenarioResult(clientSide, rounds)));
		assertThat(goalRow(report, "stubs over Connect proto h1", "stubs over gRPC channel, Tomcat web port"))
			.endsWith(" | 0.90x (0.90–0.90x) | 0.86x (0.82–0.90x) | ≥ 0.8x | yes |");
		assertThat(section(report, "### Where the starter is behind")).contains("Nowhere in this run.");
	}

	@Test
	void unmetClientSideGoalTellsTheServersCpuPerCall() throws IOException {
		Map<Target, List<Measurement>> rounds = new LinkedHashMap<>();
		rounds.put(CLIENT_GRPC, clientRounds(new double[] { 10000, 10000, 10000 }, new double[] { 18, 18, 18 }, 50));
		rounds.put(CLIENT_CONNECT, clientRounds(new double[] { 7000, 7000, 7000 }, new double[] { 20, 22, 21 }, 100));
		Scenario clientSide = new Scenario("Client side", 1, List.of(CLIENT_GRPC, CLIENT_CONNECT),
				List.of(new Scenario.Comparison(CLIENT_CONNECT, CLIENT_GRPC, Scenarios.CONNECT_CLIENT_GOAL)));
		String report = render(run(new RunResult.ScenarioResult(clientSide, rounds)));
		assertThat(goalRow(report, "stubs over Connect proto h1", "stubs over gRPC channel, Tomcat web port"))
			.endsWith(" | 0.70x (0.70–0.70x) | 0.86x (0.82–0.90x) | ≥ 0.8x | **no** |");
		assertThat(section(report, "### Where the starter is behind")).anySatisfy((line) -> assertThat(line)
			.endsWith(" Its calls cost the server 100.0 (100.0–100.0) µs of CPU each, against 50.0 (50.0–50.0) µs "
					+ "for the baseline's."));
	}

	@Test
	void figuresHaveADecimalPointWhateverTheDefaultLocale() throws IOException {
		Locale defaultLocale = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
		try {
			String report = render(unaryRun());
			assertThat(goalRow(report, "starter Connect JSON h1", "Spring MVC REST JSON h1"))
				.endsWith(" | 1.31x (1.23–1.33x) | 1.40x (1.33–1.50x) | ≥ 1.0x | yes |");
			assertThat(report).contains("| 45.0 (40.0–50.0) | 105 | 0.20 | 3 |");
		}
		finally {
			Locale.setDefault(defaultLocale);
		}
	}

	@Test
	void chartLeavesRoomBetweenTheLongestTargetNameAndItsBar() throws IOException {
		Target longestName = target(Family.REST_JSON_BLOCKING_READER, true, "Tomcat request thread", 8082);
		Map<Target, List<Measurement>> rounds = new LinkedHashMap<>();
		rounds.put(CONNECT_JSON, serverRounds(new double[] { 20000, 21000, 19000 }, new double[] { 30, 30, 30 }));
		rounds.put(longestName, serverRounds(new double[] { 15000, 16000, 15500 }, new double[] { 40, 45, 42 }));
		Scenario scenario = new Scenario("Unary echo, small message", 64, List.of(CONNECT_JSON, longestName),
				List.of(Scenario.Comparison.withoutGoal(CONNECT_JSON, longestName)));
		render(run(new RunResult.ScenarioResult(scenario, rounds)));

		BufferedImage chart = ImageIO.read(this.docs.resolve(Report.CHART_NAME).toFile());
		// The bar is the leftmost area of its family's colour; its name is drawn left of it, in the same rows.
		int barColor = Family.REST_JSON_BLOCKING_READER.color().getRGB();
		int barX = Integer.MAX_VALUE;
		int barTop = -1;
		int barBottom = -1;
		for (int y = 0; y < chart.getHeight(); y++) {
			for (int x = 0; x < chart.getWidth(); x++) {
				if (chart.getRGB(x, y) == barColor && x <= barX) {
					barTop = (x < barX || barTop < 0) ? y : barTop;
					barX = x;
					barBottom = y;
				}
			}
		}
		assertThat(barTop).as("the bar of %s", longestName.name()).isNotNegative();
		// The pixel right next to the bar is left out: the panel's axis, a grey line, runs along the bars' start.
		for (int y = barTop; y <= barBottom; y++) {
			for (int x = barX - 8; x < barX - 1; x++) {
				assertThat(chart.getRGB(x, y)).as("pixel (%d, %d), left of the bar at x=%d", x, y, barX)
					.isEqualTo(Color.WHITE.getRGB());
			}
		}
	}

	private static RunResult unaryRun() {
		Map<Target, List<Measurement>> rounds = new LinkedHashMap<>();
		rounds.put(RAW_GRPC, serverRounds(new double[] { 10000, 12000, 11000 }, new double[] { 50, 40, 45 }));
		rounds.put(STARTER_GRPC, serverRounds(new double[] { 11000, 10800, 10450 }, new double[] { 50, 50, 50 }));
		rounds.put(CONTROL, serverRounds(new double[] { 10500, 11400, 11000 }, new double[] { 48, 42, 45 }));
		rounds.put(STARTER_IN_CONTROL, serverRounds(new double[] { 10500, 11400, 10450 }, new double[] { 48, 42, 50 }));
		rounds.put(CONNECT_JSON, serverRounds(new double[] { 20000, 21000, 19000 }, new double[] { 30, 30, 30 }));
		rounds.put(REST_JSON, serverRounds(new double[] { 15000, 16000, 15500 }, new double[] { 40, 45, 42 }));
		return run(new RunResult.ScenarioResult(UNARY, rounds));
	}

	/**
	 * Rounds measured with h2load or wrk: latencies 700, 800 and 900 µs (p99 1900 to 2100), one
	 * error in each, others' CPU up to 0.2 cores.
	 */
	private static List<Measurement> serverRounds(double[] callsPerSecond, double[] serverCpu) {
		List<Measurement> rounds = new ArrayList<>();
		for (int round = 0; round < callsPerSecond.length; round++) {
			LoadResult load = new LoadResult((long) callsPerSecond[round] * 8, callsPerSecond[round], 700 + 100 * round,
					1900 + 100 * round, 1);
			rounds.add(new Measurement(load, serverCpu[round], Double.NaN, 0.1 * round, 0));
		}
		return rounds;
	}

	private static List<Measurement> clientRounds(double[] callsPerSecond, double[] clientCpu, double serverCpu) {
		List<Measurement> rounds = new ArrayList<>();
		for (int round = 0; round < callsPerSecond.length; round++) {
			long calls = (long) callsPerSecond[round] * 8;
			LoadResult load = new LoadResult(calls, callsPerSecond[round], 100, 200, 0,
					(long) (clientCpu[round] * 1000 * calls));
			rounds.add(new Measurement(load, serverCpu, clientCpu[round], 0, 0));
		}
		return rounds;
	}

	private static RunResult run(RunResult.ScenarioResult scenario) {
		Map<Target, Long> bytesPerCall = new LinkedHashMap<>();
		scenario.rounds().keySet().forEach((target) -> bytesPerCall.put(target, 105L));
		return new RunResult(RunConfig.of("quick"), List.of("4 cores"), Map.of("starter", List.of(900L, 1000L)),
				List.of(scenario), bytesPerCall, List.of(), List.of());
	}

	private String render(RunResult run) throws IOException {
		Report.write(run, this.docs);
		assertThat(this.docs.resolve(Report.CHART_NAME)).isNotEmptyFile();
		return Files.readString(this.docs.resolve(Report.FILE_NAME));
	}

	/** The goal table's row that compares a candidate with a baseline. */
	private static String goalRow(String report, String candidate, String baseline) {
		String start = "| " + candidate + " | " + baseline + " | ";
		List<String> rows = report.lines()
			.filter((line) -> line.startsWith("| ") && line.contains(" concurrency ") && line.contains(start))
			.toList();
		assertThat(rows).as("goal rows of %s against %s", candidate, baseline).hasSize(1);
		return rows.get(0);
	}

	/** The lines under a heading, up to the next heading. */
	private static List<String> section(String report, String heading) {
		List<String> lines = report.lines().toList();
		int start = lines.indexOf(heading);
		assertThat(start).as(heading).isNotNegative();
		List<String> section = new ArrayList<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("#")) {
				break;
			}
			section.add(line);
		}
		return section;
	}

	private static Target target(Family family, boolean http2, String executor, int port) {
		return new Target(family, http2, executor, null, port, ECHO, Payload.SMALL.order(), Path.of("small.body"), 1);
	}

}
