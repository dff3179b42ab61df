package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the numbers were measured on.
 */
final class Machine {

	private Machine() {
	}

	/**
	 * The machine, the JVM, the tools and how busy the machine was when the run began.
	 * @return one line per fact
	 */
	static List<String> describe() throws IOException {
		List<String> cpuInfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
		long cores = cpuInfo.stream().filter((line) -> line.startsWith("processor")).count();
		String cpu = cpuInfo.stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("unknown");
		String memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
		return List.of("CPU: " + cpu + ", " + cores + " cores (server pinned to core " + Commands.SERVER_CORE
						+ ", load generator to core " + Commands.LOAD_CORE + ")",
				"Memory: " + memory.substring(memory.indexOf(':') + 2),
				"Kernel: " + System.getProperty("os.name") + " " + System.getProperty("os.version"),
				"JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				"Server JVM flags: " + String.join(" ", ServerProcess.JVM_FLAGS),
				"h2load: " + firstLine(List.of("h2load", "--version")), "wrk: " + firstLine(List.of("wrk", "-v")),
				"Load average when the run began: " + Files.readString(Path.of("/proc/loadavg")).trim());
	}

	private static String firstLine(List<String> command) {
		return Commands.run(command, Map.of(), Duration.ofSeconds(10)).lines().findFirst().orElse("").trim();
	}

}
