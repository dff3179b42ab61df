package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.server.RpcServiceRegistry;
import dev.rpcstarter.server.UnhandledExceptionInterceptor;
import dev.rpcstarter.server.UnusedRequestScopeRemover;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import net.devh.boot.grpc.server.service.GrpcServiceDefinition;
import net.devh.boot.grpc.server.service.GrpcService;
import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Serves {@link dev.rpcstarter.RpcService @RpcService} beans over HTTP beside gRPC.
 *
 * <p>The gRPC server itself is net.devh's: {@code @RpcService} is a {@code @GrpcService}, so
 * its discoverer finds the beans and wraps them in the global and per-service interceptors.
 * This configuration reads the very same definitions into a {@link RpcServiceRegistry}, which
 * the HTTP protocols serve, so that both paths share one call model. An outermost interceptor
 * turns exceptions that nothing handled into {@code INTERNAL} on both paths alike, and
 * net.devh's request scope interceptor is dropped when no bean uses that scope. The gRPC
 * server gets the executor that {@code rpc.grpc.executor} names, and server reflection is
 * served as {@code grpc.reflection.v1} too. With Actuator, the methods and their REST routes
 * are in its {@code mappings} endpoint.
 */
@AutoConfiguration(afterName = "net.devh.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration")
@ConditionalOnClass({ GrpcServiceDiscoverer.class, ServerServiceDefinition.class })
@EnableConfigurationProperties({ RpcHttpProperties.class, RpcGrpcProperties.class })
@Import({ RpcHttpBridgeConfiguration.class, RpcMappingsConfiguration.class })
public class RpcServerAutoConfiguration {

	@Bean
	@GrpcGlobalServerInterceptor
	@ConditionalOnMissingBean
	UnhandledExceptionInterceptor rpcUnhandledExceptionInterceptor() {
		return new UnhandledExceptionInterceptor();
	}

	/**
	 * Registered after net.devh's own configurer (this auto-configuration comes after its), so
	 * that the scope's interceptor is already in the list it trims.
	 */
	@Bean
	@ConditionalOnMissingBean
	UnusedRequestScopeRemover rpcUnusedRequestScopeRemover(ConfigurableListableBeanFactory beanFactory) {
		return new UnusedRequestScopeRemover(beanFactory);
	}

	/**
	 * Applied before the application's own configurers, so that one of them that sets an
	 * executor still has the last word.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	GrpcServerConfigurer rpcGrpcServerExecutor(RpcGrpcProperties properties) {
		return new GrpcServerExecutorConfigurer(properties.getExecutor());
	}

	@Bean
	@ConditionalOnMissingBean
	RpcServiceRegistry rpcServiceRegistry(GrpcServiceDiscoverer discoverer, RpcHttpProperties http) {
		return new RpcServiceRegistry(
				() -> discoverer.findGrpcServices().stream().map(GrpcServiceDefinition::getDefinition).toList(),
				http.isEnabled() && http.getRest().isEnabled());
	}

	/**
	 * Server reflection as {@code grpc.reflection.v1}, beside the deprecated {@code v1alpha}
	 * that net.devh serves: current clients (buf curl, grpcurl) ask for v1 first. Like net.devh's,
	 * it follows {@code grpc.server.reflection-service-enabled}, and both ports serve it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ProtoReflectionServiceV1.class)
	@ConditionalOnProperty(prefix = "grpc.server", name = "reflection-service-enabled", matchIfMissing = true)
	static class ReflectionV1Configuration {

		/**
		 * Declared as the class it is, so that an application's own v1 reflection bean
		 * replaces it instead of clashing with it on the gRPC server.
		 */
		@Bean
		@GrpcService
		@ConditionalOnMissingBean
		ProtoReflectionServiceV1 rpcProtoReflectionServiceV1() {
			return (ProtoReflectionServiceV1) ProtoReflectionServiceV1.newInstance();
		}

	}

}
