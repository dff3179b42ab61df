package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.GrpcServerExecutor;
import io.grpc.ServerBuilder;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

import org.springframework.boot.system.JavaVersion;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Gives the gRPC server the executor that {@code rpc.grpc.executor} names. The default leaves
 * the builder alone, so grpc-java's own pool stays.
 */
final class GrpcServerExecutorConfigurer implements GrpcServerConfigurer {

	private final GrpcServerExecutor executor;

	/**
	 * @param executor the executor the property names
	 * @throws IllegalStateException if it names virtual threads on a Java without them
	 */
	GrpcServerExecutorConfigurer(GrpcServerExecutor executor) {
		if (executor == GrpcServerExecutor.VIRTUAL_THREADS
				&& !JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
			throw new IllegalStateException("rpc.grpc.executor=virtual-threads needs Java 21 or later; this is Java "
					+ System.getProperty("java.specification.version") + ". Use default or direct.");
		}
		this.executor = executor;
	}

	@Override
	public void accept(ServerBuilder<?> builder) {
		switch (this.executor) {
			case DEFAULT -> {
				// grpc-java's own cached pool: nothing to set.
			}
			case DIRECT -> builder.directExecutor();
			// No pool to shut down: each call gets a thread of its own, which ends with the call.
			case VIRTUAL_THREADS -> builder.executor(new VirtualThreadTaskExecutor("grpc-virtual-"));
		}
	}

}
