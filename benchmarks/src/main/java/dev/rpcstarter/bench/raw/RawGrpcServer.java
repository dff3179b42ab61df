package dev.rpcstarter.bench.raw;

import java.io.IOException;
import java.net.InetSocketAddress;

import dev.rpcstarter.bench.service.EchoServiceImpl;
import dev.rpcstarter.bench.service.GrpcExecutor;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * The floor for gRPC: grpc-java on Netty, wired by hand, no Spring.
 *
 * <p>Arguments: {@code <port> <direct|default>}.
 */
public final class RawGrpcServer {

	private RawGrpcServer() {
	}

	public static void main(String[] args) throws Exception {
		Server server = start(Integer.parseInt(args[0]), GrpcExecutor.of(args[1]));
		System.out.println("Started raw grpc-java on port " + server.getPort());
		server.awaitTermination();
	}

	/**
	 * Starts the hand-wired server, stopped when the JVM shuts down.
	 * @param port the port on 127.0.0.1
	 * @param executor the executor of service code
	 * @return the running server
	 */
	public static Server start(int port, GrpcExecutor executor) throws IOException {
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.addService(new EchoServiceImpl());
		executor.applyTo(builder);
		Server server = builder.build().start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
		return server;
	}

}
