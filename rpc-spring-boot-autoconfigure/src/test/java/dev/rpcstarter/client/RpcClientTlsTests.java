package dev.rpcstarter.client;

import java.io.IOException;
import java.io.InputStream;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Grpc;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

import static dev.rpcstarter.client.TestCalls.echo;
import static dev.rpcstarter.client.TestCalls.failureCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS and mutual TLS of grpc clients, with the trust and key material of a Spring Boot SSL
 * bundle, against grpc-java servers with the self-signed test certificates.
 */
class RpcClientTlsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RpcClientAutoConfiguration.class))
		.withBean(Clients.class)
		.withPropertyValues(TestSslBundles.PROPERTIES);

	@Test
	void clientTrustingTheServerThroughItsBundleCallsOverTls() throws Exception {
		try (RunningTestServer server = new RunningTestServer("tls", tlsServer(TlsServerCredentials.ClientAuth.NONE))) {
			this.runner
				.withPropertyValues("rpc.client.test.address=" + server.staticAddress(),
						"rpc.client.test.ssl-bundle=server-trust")
				.run((context) -> assertThat(context.getBean(Clients.class).test.echo(echo("secure")).getMessage())
					.isEqualTo("tls:secure"));
		}
	}

	@Test
	void clientWithoutTheBundleDoesNotTrustTheSelfSignedServer() throws Exception {
		try (RunningTestServer server = new RunningTestServer("tls", tlsServer(TlsServerCredentials.ClientAuth.NONE))) {
			this.runner.withPropertyValues("rpc.client.test.address=" + server.staticAddress(), "rpc.client.test.plaintext=false")
				.run((context) -> assertThat(codeOf(context.getBean(Clients.class))).isEqualTo(Status.Code.UNAVAILABLE));
		}
	}

	@Test
	void clientWithKeyMaterialPassesAServerThatRequiresAClientCertificate() throws Exception {
		try (RunningTestServer server = new RunningTestServer("mtls",
				tlsServer(TlsServerCredentials.ClientAuth.REQUIRE))) {
			this.runner
				.withPropertyValues("rpc.client.default.ssl-bundle=client-identity",
						"rpc.client.test.address=" + server.staticAddress())
				.run((context) -> assertThat(context.getBean(Clients.class).test.echo(echo("mutual")).getMessage())
					.isEqualTo("mtls:mutual"));
		}
	}

	@Test
	void clientWithoutKeyMaterialIsRefusedByAServerThatRequiresOne() throws Exception {
		try (RunningTestServer server = new RunningTestServer("mtls",
				tlsServer(TlsServerCredentials.ClientAuth.REQUIRE))) {
			this.runner
				.withPropertyValues("rpc.client.test.address=" + server.staticAddress(),
						"rpc.client.test.ssl-bundle=server-trust")
				.run((context) -> assertThat(codeOf(context.getBean(Clients.class))).isEqualTo(Status.Code.UNAVAILABLE));
		}
	}

	private static ServerBuilder<?> tlsServer(TlsServerCredentials.ClientAuth clientAuth) throws IOException {
		try (InputStream certificate = resource("tls/server-cert.pem");
				InputStream key = resource("tls/server-key.pem");
				InputStream trustedClient = resource("tls/client-cert.pem")) {
			return Grpc.newServerBuilderForPort(0, TlsServerCredentials.newBuilder()
				.keyManager(certificate, key)
				.trustManager(trustedClient)
				.clientAuth(clientAuth)
				.build());
		}
	}

	private static InputStream resource(String path) throws IOException {
		return new ClassPathResource(path).getInputStream();
	}

	private static Status.Code codeOf(Clients clients) {
		return failureCode(() -> clients.test.echo(echo("?")));
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub test;

	}

}
