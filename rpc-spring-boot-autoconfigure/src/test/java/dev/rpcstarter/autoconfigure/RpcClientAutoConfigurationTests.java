package dev.rpcstarter.autoconfigure;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.client.RpcChannelFactory;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RpcClientAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class));

	@Test
	void byDefaultProvidesChannelFactoryAndBindsClients() {
		this.runner
			.withPropertyValues("rpc.client.email.address=static://localhost:9091", "rpc.client.email.deadline=2s")
			.run((context) -> {
				assertThat(context).hasSingleBean(RpcChannelFactory.class);
				RpcClientProperties.Client email = context.getBean(RpcClientProperties.class).resolve("email");
				assertThat(email.getAddress()).isEqualTo("static://localhost:9091");
				assertThat(email.getDeadline()).hasSeconds(2);
				assertThat(email.getPlaintext()).isTrue();
			});
	}

	@Test
	void explicitlyEnabledSwitchIsNotMistakenForAClient() {
		this.runner.withPropertyValues("rpc.client.enabled=true", "rpc.client.email.address=static://localhost:9091")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RpcChannelFactory.class);
				assertThat(context.getBean(RpcClientProperties.class)).containsOnlyKeys("email");
			});
	}

	@Test
	void enabledFalseSwitchesClientsOff() {
		this.runner.withPropertyValues("rpc.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RpcChannelFactory.class)
				.doesNotHaveBean(RpcClientProperties.class));
	}

	@Test
	void withoutGrpcOnTheClasspathBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(ManagedChannel.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RpcChannelFactory.class));
	}

	@Test
	void userChannelFactoryReplacesTheDefault() {
		RpcChannelFactory inProcess = (name) -> InProcessChannelBuilder.forName(name).build();
		this.runner.withBean(RpcChannelFactory.class, () -> inProcess)
			.withBean(BlockingClient.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(RpcChannelFactory.class)
				.isSameAs(inProcess));
	}

	@Test
	void clientWithoutAddressFailsStartupNamingTheProperty() {
		this.runner.withBean("userService", BlockingClient.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("@RpcClient(\"email\") on field 'email' of bean 'userService'"
						+ " has no address: set rpc.client.email.address (for example static://localhost:9091)"));
	}

	@Test
	void fieldThatIsNotAStubFailsStartupListingSupportedTypes() {
		this.runner.withPropertyValues("rpc.client.email.address=static://localhost:9091")
			.withBean(NotAStubClient.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("@RpcClient(\"email\") on field 'email'")
				.hasStackTraceContaining("has type java.lang.String, which is not a generated gRPC stub")
				.hasStackTraceContaining("blocking, async, future or blocking-v2 stub"));
	}

	@Test
	void constructorParameterThatIsNotAStubFailsStartup() {
		this.runner.withPropertyValues("rpc.client.email.address=static://localhost:9091")
			.withBean(NotAStubConstructorClient.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("@RpcClient(\"email\") on parameter 'email' of the constructor of "
						+ NotAStubConstructorClient.class.getName())
				.hasStackTraceContaining("which is not a generated gRPC stub"));
	}

	@Test
	void unsupportedAddressSchemeFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.email.address=http://localhost:9091")
			.withBean(BlockingClient.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("has an unsupported address 'http://localhost:9091' in rpc.client.email.address")
				.hasStackTraceContaining("static://host:port"));
	}

	@Test
	void staticAddressWithoutPortFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.email.address=static://localhost")
			.withBean(BlockingClient.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("has an invalid address 'static://localhost' in rpc.client.email.address")
				.hasStackTraceContaining("'localhost' is not host:port"));
	}

	static class BlockingClient {

		@RpcClient("email")
		private TestServiceGrpc.TestServiceBlockingStub email;

	}

	static class NotAStubClient {

		@RpcClient("email")
		private String email;

	}

	static class NotAStubConstructorClient {

		NotAStubConstructorClient(@RpcClient("email") String email) {
		}

	}

}
