package dev.rpcstarter.bench.raw;

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
		int port = Integer.parseInt(args[0]);
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.addService(new EchoServiceImpl());
		GrpcExecutor.of(args[1]).applyTo(builder);
		Server server = builder.build().start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
		System.out.println("Started raw grpc-java on port " + server.getPort());
		server.awaitTermination();
	}

}
