package dev.rpcstarter.server.http;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.RequestHeadersInterceptor;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web port with TLS and HTTP/2 (h2 by ALPN): gRPC and Connect share the one port.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "server.ssl.bundle=test",
				"spring.ssl.bundle.pem.test.keystore.certificate=classpath:tls/server-cert.pem",
				"spring.ssl.bundle.pem.test.keystore.private-key=classpath:tls/server-key.pem" })
class TlsWebPortTests {

	@LocalServerPort
	private int port;

	@Test
	void grpcClientCallsOverH2AndTheServiceSeesTheTlsSession() throws Exception {
		ManagedChannel channel;
		try (InputStream certificate = new ClassPathResource("tls/server-cert.pem").getInputStream()) {
			channel = Grpc.newChannelBuilderForAddress("localhost", this.port,
					TlsChannelCredentials.newBuilder().trustManager(certificate).build())
				.build();
		}
		try {
			AtomicReference<Metadata> headers = new AtomicReference<>();
			String message = TestServiceGrpc.newBlockingStub(channel)
				.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()))
				.echo(EchoRequest.newBuilder().setMessage("secure").build())
				.getMessage();
			assertThat(message).isEqualTo("secure");
			assertThat(headers.get().get(RequestHeadersInterceptor.TLS)).as("the session, without a client certificate")
				.matches("TLSv1\\.[23] anonymous");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void connectClientCallsOverH2() throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(trusting()).version(HttpClient.Version.HTTP_2).build();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("https://localhost:" + this.port + "/rpcstarter.test.v1.TestService/Echo"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"secure\"}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(response.body()).contains("\"message\":\"secure\"");
		assertThat(response.headers().firstValue("x-security-level")).hasValue("PRIVACY_AND_INTEGRITY");
	}

	private static SSLContext trusting() throws Exception {
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		try (InputStream certificate = new ClassPathResource("tls/server-cert.pem").getInputStream()) {
			trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(certificate));
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
