package dev.rpcstarter;

/**
 * The wire protocol an {@link RpcClient} speaks to its service, set with
 * {@code rpc.client.<name>.protocol}.
 */
public enum RpcProtocol {

	/** Native gRPC over HTTP/2, through a grpc-java Netty channel. */
	GRPC,

	/** The Connect protocol over HTTP/1.1 or HTTP/2: plain POSTs for unary calls. */
	CONNECT,

	/** gRPC-Web over HTTP/1.1 or HTTP/2: gRPC's frames with the trailers in the body. */
	GRPC_WEB

}
