package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.GrpcServerExecutor;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the gRPC port that net.devh's {@code grpc.server.*} does not offer.
 */
@ConfigurationProperties("rpc.grpc")
public class RpcGrpcProperties {

	/**
	 * Threads that run service code on the gRPC port: grpc-java's cached thread pool
	 * (default), the Netty event loop (direct, for services that never block), or a virtual
	 * thread per call (virtual-threads, Java 21 or later).
	 */
	private GrpcServerExecutor executor = GrpcServerExecutor.DEFAULT;

	public GrpcServerExecutor getExecutor() {
		return this.executor;
	}

	public void setExecutor(GrpcServerExecutor executor) {
		this.executor = executor;
	}

}
