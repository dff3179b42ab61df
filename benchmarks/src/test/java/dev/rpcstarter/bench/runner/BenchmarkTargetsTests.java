package dev.rpcstarter.bench.runner;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every target the benchmark measures still answers correctly: the check that
 * {@code benchmarks/run.sh --check} runs, so that a change to the starter that breaks a
 * target, or the REST app it is compared with, fails the build rather than the next benchmark
 * run, which would list the target as not measured.
 *
 * <p>Starts the benchmark's servers in JVMs of their own from the classpath files that the
 * build writes, and calls them with the run's real clients: grpc-java, the JDK's HTTP client,
 * h2load and nghttp (Debian's {@code nghttp2-client}, which {@code .ci/run} installs) and the
 * client drivers.
 */
class BenchmarkTargetsTests {

	private Workspace workspace;

	@BeforeEach
	void workspace() throws Exception {
		this.workspace = new Workspace(Path.of("..").toAbsolutePath().normalize());
	}

	@Test
	void everyTargetOfAFullRunAnswersCorrectly() throws Exception {
		BenchMain.Check check = BenchMain.check(this.workspace);
		assertThat(check.failures()).isEmpty();
		assertThat(check.passed()).contains("raw grpc-java (direct executor)", "starter gRPC (direct executor)",
				"raw grpc-java in control JVM (direct executor)", "starter gRPC in control JVM (direct executor)",
				"raw grpc-java (default executor)", "starter gRPC (default executor)",
				"raw grpc-java in control JVM (default executor)", "starter gRPC in control JVM (default executor)",
				"starter Connect proto h1",
				"starter gRPC-Web proto h1", "starter gRPC-Web proto h2c",
				"starter Connect JSON h2c", "Spring MVC REST JSON h1", "Spring MVC REST JSON h2c",
				"Spring MVC REST JSON (Tomcat blocking reader) h2c", "starter Connect proto (16KB HTTP/2 window) h2c",
				"stubs over Connect proto h2c",
				"stubs over gRPC channel, Tomcat web port", "stubs over gRPC channel, Netty gRPC port");
	}

	@Test
	void targetThatDoesNotAnswerIsReportedAndLeftOutWithItsComparisons() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Target silent = new Target(Family.REST_JSON, false, "Tomcat request thread", null, closedPort,
				Servers.REST_PATH, Payload.SMALL.order(),
				this.workspace.body("silent.body", Wire.REST_JSON.encode(Payload.SMALL.order())), 1);
		Scenario scenario = new Scenario("Unary echo", 1, List.of(silent),
				List.of(Scenario.Comparison.withoutGoal(silent, silent)));
		List<String> failures = new ArrayList<>();
		try (JavaClients clients = new JavaClients(this.workspace)) {
			Scenario verified = BenchMain.verified(scenario, clients, new HashMap<>(), failures);
			assertThat(verified.targets()).isEmpty();
			assertThat(verified.comparisons()).isEmpty();
		}
		assertThat(failures).singleElement().asString().startsWith("Spring MVC REST JSON h1: ");
	}

}
