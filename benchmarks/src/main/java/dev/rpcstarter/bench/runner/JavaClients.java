package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java client driver as a load tool: one {@link ClientDriver} process per client-driven
 * target, kept for the whole run so that its JIT warms up once, and stopped on {@link #close()}.
 */
final class JavaClients implements LoadTool, AutoCloseable {

	private final Workspace workspace;

	private final Map<Target, ClientDriver> drivers = new LinkedHashMap<>();

	JavaClients(Workspace workspace) {
		this.workspace = workspace;
	}

	/**
	 * Starts the target's driver unless it runs; fails when its first call is not answered right.
	 * @param target a client-driven target
	 */
	void start(Target target) throws IOException {
		if (!this.drivers.containsKey(target)) {
			this.drivers.put(target, ClientDriver.start(ClientTransport.of(target), target.port(), this.workspace));
		}
	}

	@Override
	public LoadResult run(Target target, int concurrency, int seconds) {
		ClientDriver driver = this.drivers.get(target);
		if (driver == null) {
			throw new IllegalStateException(target.name() + " has no client driver: it was not verified");
		}
		return driver.run(concurrency, seconds);
	}

	@Override
	public void close() {
		this.drivers.values().forEach(ClientDriver::close);
		this.drivers.clear();
	}

}
