package dev.rpcstarter.bench.service;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import io.grpc.ServerBuilder;

/**
 * Which executor a gRPC server runs service code on. grpc-java's default (a cached thread
 * pool) costs a thread hop per call; {@code directExecutor} runs the service on the Netty event
 * loop; virtual threads (Java 21 or later) start a thread per call. The difference is larger
 * than anything else measured here, so the raw and the starter targets are always compared on
 * the same one.
 */
public enum GrpcExecutor {

	/** Service code runs on the Netty event loop thread. */
	DIRECT,

	/** grpc-java's default: a shared cached thread pool. */
	DEFAULT,

	/** A new virtual thread per call: Java 21 or later. */
	VIRTUAL_THREADS;

	/**
	 * Configures a server builder to use this executor.
	 * @param builder the builder
	 */
	public void applyTo(ServerBuilder<?> builder) {
		if (this == DIRECT) {
			builder.directExecutor();
		}
		else if (this == VIRTUAL_THREADS) {
			builder.executor(virtualThreadPerTask());
		}
	}

	/** Found by reflection: the benchmark builds on Java 17, which has no virtual threads. */
	private static Executor virtualThreadPerTask() {
		try {
			return (Executor) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("virtual threads need Java 21 or later; this is Java "
					+ Runtime.version().feature(), ex);
		}
	}

	/**
	 * @return how tables name it: {@code direct}, {@code default}, {@code virtual threads}
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

	/**
	 * The executor named on a command line.
	 * @param name {@code direct}, {@code default} or {@code virtual_threads}
	 * @return the executor
	 */
	public static GrpcExecutor of(String name) {
		return valueOf(name.toUpperCase(Locale.ROOT));
	}

}
