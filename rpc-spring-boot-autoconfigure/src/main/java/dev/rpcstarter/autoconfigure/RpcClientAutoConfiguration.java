package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.client.RpcClientConfiguration;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Injects {@link RpcClient @RpcClient} stubs, configured under {@code rpc.client.<name>.*}.
 * Off with {@code rpc.client.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass({ ManagedChannel.class, AbstractStub.class })
@ConditionalOnProperty(prefix = "rpc.client", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RpcClientProperties.class)
@Import(RpcClientConfiguration.class)
public class RpcClientAutoConfiguration {

	@Bean
	static EnabledSwitchBindHandlerAdvisor rpcClientEnabledSwitchBindHandlerAdvisor() {
		return new EnabledSwitchBindHandlerAdvisor();
	}

}
