package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.client.RpcClientConfiguration;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
 * Injects {@link RpcClient @RpcClient} stubs, configured under {@code rpc.client.<name>.*}.
 * Off with {@code rpc.client.enabled=false}. When the application has an
 * {@link ObservationRegistry} (Spring Boot Actuator makes one), every client's calls are
 * observed, whatever their transport.
 */
@AutoConfiguration(afterName = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration")
@ConditionalOnClass({ ManagedChannel.class, AbstractStub.class })
@ConditionalOnProperty(prefix = "rpc.client", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RpcClientProperties.class)
@Import(RpcClientConfiguration.class)
public class RpcClientAutoConfiguration {

	@Bean
	static EnabledSwitchBindHandlerAdvisor rpcClientEnabledSwitchBindHandlerAdvisor() {
		return new EnabledSwitchBindHandlerAdvisor();
	}

	/**
	 * Observes every client call with Micrometer, as net.devh's server observes the calls it
	 * serves: the {@code grpc.client} timer, and a span that the trace context goes out with when
	 * tracing is set up. An interceptor, so it works alike on gRPC, Connect and gRPC-Web;
	 * outermost, so that it times a call with its retries. Spring Boot's
	 * {@code management.observations.enable.grpc.client=false} turns it off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationGrpcClientInterceptor.class)
	@ConditionalOnBean(ObservationRegistry.class)
	static class ClientObservationConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean
		ObservationGrpcClientInterceptor rpcClientObservationInterceptor(ObservationRegistry registry) {
			return new ObservationGrpcClientInterceptor(registry);
		}

	}

}
