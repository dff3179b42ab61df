package dev.rpcstarter;

/**
 * The threads that run service code on the gRPC port, set with {@code rpc.grpc.executor}.
 * Connect and gRPC-Web calls on the web port run on the servlet container's threads instead.
 */
public enum GrpcServerExecutor {

	/**
	 * grpc-java's default, a shared cached thread pool: every call hops from the Netty event
	 * loop to a pool thread and its response back. Right for services that block.
	 */
	DEFAULT,

	/**
	 * The Netty event loop that read the call, with no thread hop: far less CPU per call, but
	 * a service that blocks holds up every call on the connections of that loop.
	 */
	DIRECT,

	/**
	 * A new virtual thread per call (Java 21 or later): blocking services without a pool to
	 * size, at about the cost of {@link #DEFAULT}'s hop.
	 */
	VIRTUAL_THREADS

}
