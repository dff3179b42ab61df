package dev.rpcstarter.bench.service;

import java.util.Locale;

import io.grpc.ServerBuilder;

/**
 * Which executor a gRPC server runs service code on. grpc-java's default (a cached thread
 * pool) costs a thread hop per call; {@code directExecutor} runs the service on the Netty event
 * loop. The difference is larger than anything else measured here, so the raw and the starter
 * targets are always compared on the same one.
 */
public enum GrpcExecutor {

	/** Service code runs on the Netty event loop thread. */
	DIRECT,

	/** grpc-java's default: a shared cached thread pool. */
	DEFAULT;

	/**
	 * Configures a server builder to use this executor.
	 * @param builder the builder
	 */
	public void applyTo(ServerBuilder<?> builder) {
		if (this == DIRECT) {
			builder.directExecutor();
		}
	}

	/**
	 * The executor named on a command line.
	 * @param name {@code direct} or {@code default}
	 * @return the executor
	 */
	public static GrpcExecutor of(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
