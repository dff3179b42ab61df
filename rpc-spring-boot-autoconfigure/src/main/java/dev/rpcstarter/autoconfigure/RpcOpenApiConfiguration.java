package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.server.RpcServiceRegistry;
import dev.rpcstarter.server.openapi.OpenApiServlet;
import dev.rpcstarter.server.openapi.ProtoComments;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

/**
 * The OpenAPI document of the REST routes, served by a servlet of its own at
 * {@code rpc.http.rest.openapi.path} when {@code rpc.http.rest.openapi.enabled} is on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "com.fasterxml.jackson.databind.ObjectMapper")
class RpcOpenApiConfiguration {

	@Bean
	@ConditionalOnProperty(prefix = "rpc.http.rest.openapi", name = "enabled")
	@ConditionalOnMissingBean(name = "rpcOpenApiServletRegistration")
	ServletRegistrationBean<OpenApiServlet> rpcOpenApiServletRegistration(RpcServiceRegistry registry,
			RpcHttpProperties properties, Environment environment, ResourceLoader resourceLoader) {
		RpcHttpProperties.OpenApi openApi = properties.getRest().getOpenapi();
		if (!properties.getRest().isEnabled()) {
			throw new IllegalStateException("rpc.http.rest.openapi.enabled=true describes REST routes, but "
					+ "rpc.http.rest.enabled=false turns them off; turn one on or the other off");
		}
		if (!openApi.getPath().startsWith("/")) {
			throw new IllegalStateException(
					"rpc.http.rest.openapi.path must start with /, but is \"" + openApi.getPath() + "\"");
		}
		String title = (openApi.getTitle() != null) ? openApi.getTitle()
				: environment.getProperty("spring.application.name", "RPC services");
		// Read now rather than with the document, so that a missing or broken file fails start-up.
		ProtoComments comments = ProtoComments.read(openApi.getDescriptorSets(),
				ResourcePatternUtils.getResourcePatternResolver(resourceLoader));
		ServletRegistrationBean<OpenApiServlet> registration = new ServletRegistrationBean<>(
				new OpenApiServlet(registry, title, openApi.getVersion(), comments), openApi.getPath());
		registration.setName("rpcOpenApiServlet");
		return registration;
	}

}
