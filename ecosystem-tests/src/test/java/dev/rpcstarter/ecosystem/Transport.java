package dev.rpcstarter.ecosystem;

import java.net.URI;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** Where a call goes, and how: the gRPC port, and every protocol of the web port. */
enum Transport {

	GRPC_PORT, GRPC_WEB_PORT, CONNECT_JSON_HTTP_1_1, CONNECT_PROTO_HTTP_2, GRPC_WEB_HTTP_1_1;

	/**
	 * @param grpcPort the gRPC server's port
	 * @param webPort the web server's port
	 * @return a new channel, for the caller to shut down
	 */
	ManagedChannel channel(int grpcPort, int webPort) {
		return switch (this) {
			case GRPC_PORT -> NettyChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
			case GRPC_WEB_PORT -> NettyChannelBuilder.forAddress("localhost", webPort).usePlaintext().build();
			case CONNECT_JSON_HTTP_1_1 -> connect(webPort, RpcProtocol.CONNECT, Codec.JSON, HttpVersion.HTTP_1_1);
			case CONNECT_PROTO_HTTP_2 -> connect(webPort, RpcProtocol.CONNECT, Codec.PROTO, HttpVersion.HTTP_2);
			case GRPC_WEB_HTTP_1_1 -> connect(webPort, RpcProtocol.GRPC_WEB, Codec.PROTO, HttpVersion.HTTP_1_1);
		};
	}

	private static ManagedChannel connect(int webPort, RpcProtocol protocol, Codec codec, HttpVersion version) {
		return ConnectChannel.create(URI.create("http://localhost:" + webPort), protocol, codec, version);
	}

}
