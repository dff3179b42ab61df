package dev.rpcstarter.client.connect;

import java.net.URI;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * The ways the client suite reaches the test server: native gRPC through grpc-java, as the
 * reference every other transport must behave like, and the HTTP protocols of
 * {@link ConnectChannel}.
 */
enum Transport {

	GRPC(null, null, null),

	CONNECT_PROTO(RpcProtocol.CONNECT, Codec.PROTO, HttpVersion.HTTP_1_1),

	CONNECT_JSON(RpcProtocol.CONNECT, Codec.JSON, HttpVersion.HTTP_1_1),

	GRPC_WEB_PROTO(RpcProtocol.GRPC_WEB, Codec.PROTO, HttpVersion.HTTP_1_1),

	/** HTTP/2 without TLS, with prior knowledge: full duplex. */
	CONNECT_PROTO_H2C(RpcProtocol.CONNECT, Codec.PROTO, HttpVersion.HTTP_2),

	GRPC_WEB_PROTO_H2C(RpcProtocol.GRPC_WEB, Codec.PROTO, HttpVersion.HTTP_2);

	private final RpcProtocol protocol;

	private final Codec codec;

	private final HttpVersion version;

	Transport(RpcProtocol protocol, Codec codec, HttpVersion version) {
		this.protocol = protocol;
		this.codec = codec;
		this.version = version;
	}

	/**
	 * A channel to the server.
	 * @param grpcPort the gRPC server's port
	 * @param webPort the web server's port, where the HTTP protocols are served
	 * @return a new channel
	 */
	ManagedChannel channel(int grpcPort, int webPort) {
		if (this.protocol == null) {
			return ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
		}
		return ConnectChannel.create(URI.create("http://localhost:" + webPort), this.protocol, this.codec, this.version);
	}

}
