package dev.rpcstarter.client;

import java.util.function.Function;

import dev.rpcstarter.RpcClient;
import io.grpc.Channel;
import io.grpc.ServiceDescriptor;

import org.springframework.beans.factory.BeanCreationException;

/**
 * Answers an {@link RpcClient} injection point with a stub on the client's shared channel.
 * Field and constructor injection both come here, so they fail alike.
 */
class RpcClientStubProvider {

	private final GeneratedStubFactories stubFactories = new GeneratedStubFactories();

	private final ClientChannels channels;

	RpcClientStubProvider(ClientChannels channels) {
		this.channels = channels;
	}

	/**
	 * @param injectionPoint what is injected, for error messages, e.g. "field email of bean 'userService'"
	 * @throws BeanCreationException naming the injection point and the setting to fix; a
	 * {@code BeansException} so that Spring reports it as the reason a dependency is unsatisfied
	 */
	Object stubFor(RpcClient client, Class<?> stubType, String injectionPoint) {
		try {
			// The type first: a wrong type is a mistake whatever the settings say.
			Function<Channel, Object> factory = this.stubFactories.factoryFor(stubType);
			ServiceDescriptor service = this.stubFactories.serviceOf(stubType);
			Channel channel = this.channels.channel(client.value(), service);
			this.channels.checkMethodsOf(client.value(), service);
			return factory.apply(channel);
		}
		catch (InvalidClientConfigurationException ex) {
			// Our message includes the problem; keep only what caused it, e.g. grpc's parse error.
			throw new BeanCreationException(
					"@RpcClient(\"" + client.value() + "\") on " + injectionPoint + " " + ex.getMessage(), ex.getCause());
		}
	}

}
