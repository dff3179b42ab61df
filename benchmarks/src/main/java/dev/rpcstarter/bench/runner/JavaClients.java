package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Java client driver as a load tool: one {@link ClientDriver} process per channel (client
 * transport and server port), which serves that channel's targets of every payload and is kept
 * for the whole run so that its JIT warms up once, and stopped on {@link #close()}.
 */
final class JavaClients implements LoadTool, AutoCloseable {

	private final Workspace workspace;

	private final Map<Channel, ClientDriver> drivers = new LinkedHashMap<>();

	JavaClients(Workspace workspace) {
		this.workspace = workspace;
	}

	/**
	 * Starts the target's driver unless it runs; fails when its first call is not answered right.
	 * @param target a client-driven target
	 */
	void start(Target target) throws IOException {
		Channel channel = Channel.of(target);
		if (!this.drivers.containsKey(channel)) {
			this.drivers.put(channel, ClientDriver.start(channel.transport(), channel.port(), this.workspace));
		}
	}

	@Override
	public LoadResult run(Target target, int concurrency, int seconds) {
		ClientDriver driver = this.drivers.get(Channel.of(target));
		if (driver == null) {
			throw new IllegalStateException(target.name() + " has no client driver: it was not verified");
		}
		return driver.run(Payload.of(target.request()), concurrency, seconds);
	}

	@Override
	public void close() {
		this.drivers.values().forEach(ClientDriver::close);
		this.drivers.clear();
	}

	/** What a driver's stubs call: the transport behind them and the server's port. */
	private record Channel(ClientTransport transport, int port) {

		static Channel of(Target target) {
			return new Channel(ClientTransport.of(target), target.port());
		}

	}

}
