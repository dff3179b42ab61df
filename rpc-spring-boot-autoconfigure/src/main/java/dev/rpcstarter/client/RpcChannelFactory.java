package dev.rpcstarter.client;

import io.grpc.ManagedChannel;
import io.grpc.ServiceDescriptor;

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
	 * Creates the channel for a client name. The starter calls
	 * {@link #createChannel(String, ServiceDescriptor)}, once per name, on its first injection,
	 * which comes here unless overridden.
	 * @param clientName the value of {@code @RpcClient}
	 * @return a new channel that the caller owns and shuts down
	 */
	ManagedChannel createChannel(String clientName);

	/**
	 * Creates the channel for a client name, knowing the service of the stub whose injection
	 * opens it. The default factory names that service's methods in grpc-java's service config,
	 * where methods have retry settings of their own; this default ignores it.
	 * @param clientName the value of {@code @RpcClient}
	 * @param service the service of the first stub injected for that name
	 * @return a new channel that the caller owns and shuts down
	 */
	default ManagedChannel createChannel(String clientName, ServiceDescriptor service) {
		return createChannel(clientName);
	}

}
