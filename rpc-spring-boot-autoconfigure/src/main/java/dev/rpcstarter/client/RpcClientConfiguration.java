package dev.rpcstarter.client;

import java.util.List;

import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.autoconfigure.RpcClientProperties;
import io.grpc.ClientInterceptor;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.client.discovery.DiscoveryClient;
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
	RpcChannelFactory rpcChannelFactory(RpcClientProperties properties, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ServiceDiscovery> discovery) {
		return new AddressChannelFactory(properties, sslBundles.getIfAvailable(), discovery.getIfAvailable());
	}

	@Bean
	ClientChannels rpcClientChannels(RpcChannelFactory channelFactory, RpcClientProperties properties,
			ObjectProvider<ClientInterceptor> interceptors, BeanFactory beans) {
		List<String> listed = properties.values()
			.stream()
			.filter((client) -> client.getInterceptors() != null)
			.flatMap((client) -> client.getInterceptors().stream())
			.toList();
		return new ClientChannels(channelFactory, properties::resolve,
				new ClientInterceptorBeans(interceptors, beans, listed));
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

	/**
	 * {@code discovery:///service-id} addresses, when Spring Cloud Commons is on the classpath.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DiscoveryClient.class)
	static class DiscoveryConfiguration {

		@Bean
		SpringCloudServiceDiscovery rpcClientServiceDiscovery(ObjectProvider<DiscoveryClient> discoveryClient) {
			return new SpringCloudServiceDiscovery(discoveryClient);
		}

	}

}
