package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.server.RpcServiceRegistry;
import dev.rpcstarter.server.http.RpcHttpFilter;
import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP bridge on a servlet web server: one filter that answers the paths of RPC methods.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@ConditionalOnProperty(prefix = "rpc.http", name = "enabled", matchIfMissing = true)
class RpcHttpBridgeConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "rpcHttpFilterRegistration")
	FilterRegistrationBean<RpcHttpFilter> rpcHttpFilterRegistration(RpcServiceRegistry registry,
			RpcHttpProperties properties) {
		RpcHttpFilter filter = new RpcHttpFilter(registry, maxMessageBytes(properties.getMaxMessageSize()));
		FilterRegistrationBean<RpcHttpFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("rpcHttpFilter");
		registration.setOrder(properties.getFilterOrder());
		registration.setAsyncSupported(true);
		registration.addUrlPatterns("/*");
		return registration;
	}

	private static int maxMessageBytes(DataSize size) {
		long bytes = size.toBytes();
		if (bytes < 1 || bytes >= Integer.MAX_VALUE) {
			throw new IllegalStateException(
					"rpc.http.max-message-size must be between 1B and 2047MB, but is " + size);
		}
		return (int) bytes;
	}

}
