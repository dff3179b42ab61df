package dev.rpcstarter.ecosystem;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import io.grpc.ClientInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot Actuator, the calls of {@code @RpcClient} stubs are observed over every
 * transport: a {@code grpc.client} timer per method and status, as the server has its
 * {@code grpc.server} one.
 */
class ClientObservationTests extends EcosystemServer {

	/** A client application with Actuator's metrics and observations. */
	private final ApplicationContextRunner observedApp = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				RpcClientAutoConfiguration.class));

	@ParameterizedTest
	@ValueSource(strings = { "grpc", "connect", "grpc-web" })
	void callsAreObservedWhateverTheTransport(String protocol) {
		String address = protocol.equals("grpc") ? "static://localhost:" + this.grpcPort.get()
				: "http://localhost:" + this.webPort;
		this.observedApp.withBean(Client.class)
			.withPropertyValues("rpc.client.email.address=" + address, "rpc.client.email.protocol=" + protocol)
			.run((context) -> {
				context.getBean(Client.class).email
					.withCallCredentials(BasicCredentials.of("sender", EcosystemApplication.PASSWORD))
					.sendEmail(SendEmailRequest.newBuilder().setTo("ada@example.com").build());
				Timer sent = context.getBean(MeterRegistry.class)
					.find("grpc.client")
					.tag("rpc.service", "sample.email.v1.EmailService")
					.tag("rpc.method", "SendEmail")
					.tag("grpc.status_code", "OK")
					.timer();
				assertThat(sent).isNotNull();
				assertThat(sent.count()).isOne();
			});
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void clientsAreObservedOnlyWhereObservationsAre(boolean withObservations) {
		ApplicationContextRunner app = withObservations ? this.observedApp
				: new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class));
		app.run((context) -> assertThat(context.getBeansOfType(ClientInterceptor.class).values())
			.hasSize(withObservations ? 1 : 0)
			.allMatch(ObservationGrpcClientInterceptor.class::isInstance));
		this.observedApp.withClassLoader(new FilteredClassLoader(ObservationGrpcClientInterceptor.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClientInterceptor.class));
	}

	static class Client {

		@RpcClient("email")
		EmailServiceGrpc.EmailServiceBlockingStub email;

	}

}
