package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.server.RpcServiceRegistry;
import dev.rpcstarter.server.http.ResponseCompression;
import dev.rpcstarter.server.http.RpcHttpFilter;
import dev.rpcstarter.server.http.WebPortShutdown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP bridge on a servlet web server: one filter that answers the paths of RPC methods
 * and REST routes, and traces its calls with the gRPC server's stream tracers; the ending of
 * its calls as the application stops; and, when asked for, the OpenAPI document of the REST
 * routes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@ConditionalOnProperty(prefix = "rpc.http", name = "enabled", matchIfMissing = true)
@Import({ RpcTomcatHttp2Configuration.class, RpcOpenApiConfiguration.class })
class RpcHttpBridgeConfiguration {

	private static final List<String> PROTOCOL_RESPONSE_HEADERS = List.of("grpc-status", "grpc-message",
			"grpc-status-details-bin", "grpc-encoding", "connect-content-encoding", "content-encoding");

	@Bean
	@ConditionalOnMissingBean(name = "rpcHttpFilterRegistration")
	FilterRegistrationBean<RpcHttpFilter> rpcHttpFilterRegistration(RpcServiceRegistry registry,
			RpcHttpProperties properties, ObjectProvider<GrpcServerConfigurer> grpcServerConfigurers) {
		int maxMessageBytes = PositiveIntBytes.of("rpc.http.max-message-size", properties.getMaxMessageSize());
		RpcHttpFilter filter = new RpcHttpFilter(registry, maxMessageBytes,
				responseCompression(properties.getCompression()), corsConfiguration(properties.getCors()),
				() -> ConfiguredStreamTracers.of(grpcServerConfigurers.orderedStream()));
		FilterRegistrationBean<RpcHttpFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("rpcHttpFilter");
		registration.setOrder(properties.getFilterOrder());
		registration.setAsyncSupported(true);
		registration.addUrlPatterns("/*");
		return registration;
	}

	@Bean
	@ConditionalOnMissingBean
	WebPortShutdown rpcWebPortShutdown(FilterRegistrationBean<RpcHttpFilter> rpcHttpFilterRegistration,
			RpcHttpProperties properties, Environment environment) {
		Duration gracePeriod = properties.getShutdownGracePeriod();
		Duration phaseTimeout = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		if (gracePeriod.isNegative() || gracePeriod.compareTo(phaseTimeout) >= 0) {
			throw new IllegalStateException("rpc.http.shutdown-grace-period (" + gracePeriod + ") must be at least 0 "
					+ "and shorter than spring.lifecycle.timeout-per-shutdown-phase (" + phaseTimeout + "), or the web "
					+ "server stops before the calls still open have been told why");
		}
		return new WebPortShutdown(rpcHttpFilterRegistration.getFilter(), gracePeriod);
	}

	private static ResponseCompression responseCompression(RpcHttpProperties.Compression compression) {
		if (!compression.isEnabled()) {
			return ResponseCompression.WHEN_ASKED;
		}
		return ResponseCompression.gzipFrom(
				PositiveIntBytes.of("rpc.http.compression.min-response-size", compression.getMinResponseSize()));
	}

	/** Spring's CORS model, with what the RPC protocols need already allowed and exposed. */
	private static CorsConfiguration corsConfiguration(RpcHttpProperties.Cors cors) {
		if (cors.getAllowedOrigins().isEmpty()) {
			return null;
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(cors.getAllowedOrigins());
		configuration.setAllowCredentials(cors.isAllowCredentials());
		configuration.setMaxAge(cors.getMaxAge());
		// RPC paths take GET and POST; REST routes any of these.
		configuration.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
		// Metadata is the application's own, so any request header may carry it.
		configuration.setAllowedHeaders(List.of(CorsConfiguration.ALL));
		configuration.setExposedHeaders(new ArrayList<>(PROTOCOL_RESPONSE_HEADERS));
		cors.getExposedHeaders().forEach(configuration::addExposedHeader);
		try {
			configuration.validateAllowCredentials();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("rpc.http.cors.allow-credentials=true: "
					+ "rpc.http.cors.allowed-origins needs explicit origins instead of \"*\"", ex);
		}
		return configuration;
	}

}
