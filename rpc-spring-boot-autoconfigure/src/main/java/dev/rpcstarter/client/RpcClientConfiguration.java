package dev.rpcstarter.client;

import java.time.Duration;

import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.autoconfigure.RpcClientProperties;
import io.grpc.ClientInterceptor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans behind {@code @RpcClient} injection. Imported by
 * {@link RpcClientAutoConfiguration}, which decides whether they apply; not meant to be
 * imported directly.
 */
@Configuration(proxyBeanMethods = false)
public class RpcClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RpcChannelFactory rpcChannelFactory(RpcClientProperties properties) {
		return new AddressChannelFactory(properties);
	}

	@Bean
	ClientChannels rpcClientChannels(RpcChannelFactory channelFactory, RpcClientProperties properties,
			ObjectProvider<ClientInterceptor> globalInterceptors) {
		return new ClientChannels(channelFactory, (clientName) -> deadlineOf(properties, clientName),
				globalInterceptors);
	}

	private static Duration deadlineOf(RpcClientProperties properties, String clientName) {
		RpcClientProperties.Client client = properties.get(clientName);
		return (client != null) ? client.getDeadline() : null;
	}

	@Bean
	RpcClientStubProvider rpcClientStubProvider(ClientChannels channels) {
		return new RpcClientStubProvider(channels);
	}

	@Bean
	static RpcClientFieldInjector rpcClientFieldInjector(ObjectProvider<RpcClientStubProvider> stubProvider) {
		return new RpcClientFieldInjector(stubProvider);
	}

	@Bean
	static RpcClientResolverInstaller rpcClientResolverInstaller(ObjectProvider<RpcClientStubProvider> stubProvider) {
		return new RpcClientResolverInstaller(stubProvider);
	}

}
