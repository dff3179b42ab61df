package dev.rpcstarter.client;

import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.FailRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.rpcstarter.client.TestCalls.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @RpcClient} stubs configured with {@code protocol: connect} or {@code grpc-web} call
 * the test application's web port; misconfiguration of those settings stops start-up.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "grpc.server.port=0")
class RpcClientHttpProtocolTests {

	@LocalServerPort
	private int webPort;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
		.withBean(Clients.class);

	@Test
	void connectClientInjectedIntoAFieldCallsTheWebPort() {
		this.runner.withPropertyValues("rpc.client.test.protocol=connect", "rpc.client.test.codec=json",
				"rpc.client.test.address=http://localhost:" + this.webPort)
			.run((context) -> {
				Clients clients = context.getBean(Clients.class);
				assertThat(clients.blocking.echo(echo("connect")).getMessage()).isEqualTo("connect");
				assertThat(clients.future.echo(echo("future")).get(5, TimeUnit.SECONDS).getMessage()).isEqualTo("future");
			});
	}

	@Test
	void connectClientReadsAnErrorMessageWithQuotesAndNonAsciiTextExactly() {
		String message = "can't find \"ana\" <admin> in Zürich\u0007 🙂";
		this.runner.withPropertyValues("rpc.client.test.protocol=connect",
				"rpc.client.test.address=http://localhost:" + this.webPort)
			.run((context) -> {
				TestServiceGrpc.TestServiceBlockingStub stub = context.getBean(Clients.class).blocking;
				FailRequest request = FailRequest.newBuilder().setCode("NOT_FOUND").setMessage(message).build();
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.fail(request))
					.satisfies((error) -> {
						assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
						assertThat(error.getStatus().getDescription()).isEqualTo(message);
						assertThat(StatusProto.fromThrowable(error).getDetailsList()).hasSize(1);
					});
			});
	}

	@Test
	void grpcWebClientWithStaticAddressCallsTheWebPortInPlaintext() {
		this.runner.withPropertyValues("rpc.client.test.protocol=grpc-web",
				"rpc.client.test.address=static://localhost:" + this.webPort)
			.run((context) -> assertThat(context.getBean(Clients.class).blocking.echo(echo("web")).getMessage())
				.isEqualTo("web"));
	}

	@Test
	void connectWithADnsAddressFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.test.protocol=connect", "rpc.client.test.address=dns:///localhost:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has an unsupported address 'dns:///localhost:1' in rpc.client.test.address "
						+ "for protocol connect: use http://host:port, https://host:port, static://host1:port1,host2:port2"
						+ " or discovery:///service-id"));
	}

	@Test
	void connectWithAStaticListCallsItsServers() {
		this.runner
			.withPropertyValues("rpc.client.test.protocol=connect",
					"rpc.client.test.address=static://localhost:" + this.webPort + ",127.0.0.1:" + this.webPort)
			.run((context) -> assertThat(context.getBean(Clients.class).blocking.echo(echo("list")).getMessage())
				.isEqualTo("list"));
	}

	@Test
	void jsonCodecWithNativeGrpcFailsStartUpNamingBothProperties() {
		this.runner.withPropertyValues("rpc.client.test.codec=json", "rpc.client.test.address=static://localhost:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sets rpc.client.test.codec=json, which needs rpc.client.test.protocol=connect or grpc-web"));
	}

	@Test
	void httpAddressWithNativeGrpcSuggestsTheProtocolProperty() {
		this.runner.withPropertyValues("rpc.client.test.address=http://localhost:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("or set rpc.client.test.protocol to connect or grpc-web"));
	}

	@Test
	void unknownProtocolFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.test.protocol=rest", "rpc.client.test.address=http://localhost:1")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("rpc.client.test.protocol"));
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub blocking;

		@RpcClient("test")
		TestServiceGrpc.TestServiceFutureStub future;

	}

}
