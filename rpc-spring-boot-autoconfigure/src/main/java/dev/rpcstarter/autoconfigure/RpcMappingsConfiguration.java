package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.actuate.RpcMappingDescriptionProvider;
import dev.rpcstarter.server.RpcServiceRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The served methods and REST routes in Actuator's {@code mappings} endpoint, when Actuator
 * is there: the endpoint takes every {@code MappingDescriptionProvider} bean.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.web.mappings.MappingDescriptionProvider")
class RpcMappingsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RpcMappingDescriptionProvider rpcMappingDescriptionProvider(RpcServiceRegistry registry) {
		return new RpcMappingDescriptionProvider(registry);
	}

}
