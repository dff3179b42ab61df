package dev.rpcstarter.client;

import io.grpc.ManagedChannel;

/**
 * Creates the channel behind the {@code @RpcClient} stubs of one client name.
 *
 * <p>The default builds a Netty channel from {@code rpc.client.<name>.*}. Declare a bean of
 * this type to build channels differently (for example in-process channels in tests); the
 * starter still shares one channel per name, adds the per-client deadline and the global
 * {@link io.grpc.ClientInterceptor} beans, and shuts the channel down with the context.
 */
@FunctionalInterface
public interface RpcChannelFactory {

	/**
	 * Creates the channel for a client name. Called once per name, on its first injection.
	 * @param clientName the value of {@code @RpcClient}
	 * @return a new channel that the caller owns and shuts down
	 */
	ManagedChannel createChannel(String clientName);

}
