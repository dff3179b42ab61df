package dev.rpcstarter.server.http;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.server.RpcServiceRegistry;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;

/**
 * The web port as grpc-java's {@link Server}, for the services that look up the server of
 * their call: grpc-java's server reflection lists the services of the {@code Server} it finds
 * in the call's {@code Context}, as grpc-java's own server puts it there. Without one there,
 * reflection on the web port would fail, and {@code buf curl} could not call a service
 * without its .proto files.
 *
 * <p>Only the services are real: the servlet container starts and stops the web port, so
 * the lifecycle methods refuse.
 */
final class WebPortServer extends Server {

	private final RpcServiceRegistry registry;

	WebPortServer(RpcServiceRegistry registry) {
		this.registry = registry;
	}

	@Override
	public List<ServerServiceDefinition> getServices() {
		return this.registry.services();
	}

	@Override
	public List<ServerServiceDefinition> getImmutableServices() {
		return this.registry.services();
	}

	@Override
	public Server start() {
		throw lifecycleIsTheContainers();
	}

	@Override
	public Server shutdown() {
		throw lifecycleIsTheContainers();
	}

	@Override
	public Server shutdownNow() {
		throw lifecycleIsTheContainers();
	}

	@Override
	public boolean isShutdown() {
		return false;
	}

	@Override
	public boolean isTerminated() {
		return false;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		throw lifecycleIsTheContainers();
	}

	@Override
	public void awaitTermination() {
		throw lifecycleIsTheContainers();
	}

	private static UnsupportedOperationException lifecycleIsTheContainers() {
		return new UnsupportedOperationException("the web port starts and stops with the servlet container");
	}

}
