package dev.rpcstarter.bench.runner;

import java.net.URI;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/**
 * The channels the starter puts behind generated stubs, as {@code @RpcClient} builds them for
 * {@code protocol: grpc} and {@code protocol: connect} with {@code codec: proto}.
 */
enum ClientTransport {

	/**
	 * grpc-java's Netty channel, HTTP/2 without TLS (h2c, prior knowledge), to the gRPC port or to
	 * the web port, which serves gRPC too when HTTP/2 is enabled.
	 */
	GRPC(null),

	/** The starter's ConnectChannel on HTTP/1.1, to the web port. */
	CONNECT_H1(HttpVersion.HTTP_1_1),

	/** The starter's ConnectChannel on HTTP/2 without TLS (h2c, prior knowledge), to the web port. */
	CONNECT_H2C(HttpVersion.HTTP_2);

	private final HttpVersion httpVersion;

	ClientTransport(HttpVersion httpVersion) {
		this.httpVersion = httpVersion;
	}

	/**
	 * The transport a client-driven target is called over.
	 * @param target the target
	 * @return its transport
	 */
	static ClientTransport of(Target target) {
		if (target.wire() == Wire.GRPC) {
			return GRPC;
		}
		return target.http2() ? CONNECT_H2C : CONNECT_H1;
	}

	/**
	 * A channel to a server on 127.0.0.1.
	 * @param port the web port, or for {@link #GRPC} the gRPC port too
	 * @return the channel
	 */
	ManagedChannel channel(int port) {
		if (this == GRPC) {
			return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
		}
		return ConnectChannel.create(baseUri(port), RpcProtocol.CONNECT, Codec.PROTO, this.httpVersion);
	}

	static URI baseUri(int port) {
		return URI.create("http://127.0.0.1:" + port);
	}

}
