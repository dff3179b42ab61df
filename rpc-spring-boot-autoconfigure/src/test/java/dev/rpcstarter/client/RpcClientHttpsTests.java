package dev.rpcstarter.client;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.RequestHeadersInterceptor;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.rpcstarter.client.TestCalls.echo;
import static dev.rpcstarter.client.TestCalls.failureCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connect clients over {@code https://} with the trust and key material of a Spring Boot SSL
 * bundle, against the test application's web port with TLS, HTTP/2 and a required client
 * certificate (mutual TLS).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "server.ssl.bundle=web",
				"server.ssl.client-auth=need",
				"spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server-cert.pem",
				"spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server-key.pem",
				"spring.ssl.bundle.pem.web.truststore.certificate=classpath:tls/client-cert.pem" })
class RpcClientHttpsTests {

	@LocalServerPort
	private int webPort;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RpcClientAutoConfiguration.class))
		.withBean(Clients.class)
		.withPropertyValues(TestSslBundles.PROPERTIES)
		.withPropertyValues("rpc.client.test.protocol=connect");

	@Test
	void clientWithKeyMaterialCallsOverHttp2NegotiatedByAlpnInFullDuplex() throws Exception {
		this.runner
			.withPropertyValues("rpc.client.test.address=https://localhost:" + this.webPort,
					"rpc.client.test.ssl-bundle=client-identity")
			.run((context) -> {
				Clients clients = context.getBean(Clients.class);
				assertThat(clients.blocking.echo(echo("secure")).getMessage()).isEqualTo("secure");
				// An answer before the half-close: the connection is HTTP/2, as ALPN chose it.
				LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
				StreamObserver<EchoRequest> requests = clients.async.bidiStream(new Answers(answers));
				requests.onNext(echo("ping"));
				assertThat(answers.poll(5, TimeUnit.SECONDS)).isEqualTo("ping");
				requests.onCompleted();
			});
	}

	@Test
	void clientOnHttp11OverTlsCallsTheServer() {
		this.runner
			.withPropertyValues("rpc.client.test.address=https://localhost:" + this.webPort,
					"rpc.client.test.ssl-bundle=client-identity", "rpc.client.test.http-version=http-1-1")
			.run((context) -> assertThat(context.getBean(Clients.class).blocking.echo(echo("one")).getMessage())
				.isEqualTo("one"));
	}

	@Test
	void serviceSeesTheClientCertificateInTheTlsSessionOverBothHttpVersions() {
		// HTTP/2 by ALPN when no version is set.
		for (String version : new String[] { "http-1-1", "" }) {
			this.runner
				.withPropertyValues("rpc.client.test.address=https://localhost:" + this.webPort,
						"rpc.client.test.ssl-bundle=client-identity", "rpc.client.test.http-version=" + version)
				.run((context) -> {
					AtomicReference<Metadata> headers = new AtomicReference<>();
					context.getBean(Clients.class).blocking
						.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
						.echo(echo("who"));
					assertThat(headers.get().get(RequestHeadersInterceptor.TLS)).as(version).matches("TLSv1\\.[23] CN=test-client");
				});
		}
	}

	@Test
	void clientWithoutKeyMaterialIsRefusedByTheServer() {
		this.runner
			.withPropertyValues("rpc.client.test.address=https://localhost:" + this.webPort,
					"rpc.client.test.ssl-bundle=server-trust")
			.run((context) -> assertThat(codeOf(context.getBean(Clients.class))).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void clientWithoutABundleDoesNotTrustTheSelfSignedServer() {
		this.runner.withPropertyValues("rpc.client.test.address=https://localhost:" + this.webPort)
			.run((context) -> assertThat(codeOf(context.getBean(Clients.class))).isEqualTo(Status.Code.UNAVAILABLE));
	}

	private static Status.Code codeOf(Clients clients) {
		return failureCode(() -> clients.blocking.echo(echo("refused")));
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub blocking;

		@RpcClient("test")
		TestServiceGrpc.TestServiceStub async;

	}

	private record Answers(LinkedBlockingQueue<String> messages) implements StreamObserver<EchoResponse> {

		@Override
		public void onNext(EchoResponse value) {
			this.messages.add(value.getMessage());
		}

		@Override
		public void onError(Throwable error) {
		}

		@Override
		public void onCompleted() {
		}

	}

}
