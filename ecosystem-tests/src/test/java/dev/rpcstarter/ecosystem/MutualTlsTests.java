package dev.rpcstarter.ecosystem;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.BaseUriPicker;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Mutual TLS on both ports: net.devh's {@code SSLContextGrpcAuthenticationReader} finds the
 * client's certificate in the call's TLS session, on the gRPC port in Netty's and on the web
 * port in the container's, and the service sees the user the certificate names.
 */
@SpringBootTest(classes = EcosystemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true",
				// The web port: TLS, requiring a client certificate (Tomcat cannot ask for an
				// optional one over TLS 1.3 with the JDK's TLS: "want" would get none).
				"server.ssl.bundle=web", "server.ssl.client-auth=need",
				"spring.ssl.bundle.pem.web.keystore.certificate=" + MutualTlsTests.TLS + "server-cert.pem",
				"spring.ssl.bundle.pem.web.keystore.private-key=" + MutualTlsTests.TLS + "server-key.pem",
				"spring.ssl.bundle.pem.web.truststore.certificate=" + MutualTlsTests.TLS + "client-cert.pem",
				// The gRPC port: TLS, asking for an optional client certificate.
				"grpc.server.security.enabled=true",
				"grpc.server.security.certificate-chain=" + MutualTlsTests.TLS + "server-cert.pem",
				"grpc.server.security.private-key=" + MutualTlsTests.TLS + "server-key.pem",
				"grpc.server.security.trust-cert-collection=" + MutualTlsTests.TLS + "client-cert.pem",
				"grpc.server.security.client-auth=optional" })
class MutualTlsTests extends EcosystemServer {

	/**
	 * The starter's TLS test material (a self-signed server certificate for localhost and a
	 * client certificate, CN=test-client), from this module's folder, where tests run.
	 */
	static final String TLS = "file:../rpc-spring-boot-autoconfigure/src/test/resources/tls/";

	@Test
	void clientCertificateNamesTheCallerOnBothPortsAndEveryProtocol() throws IOException {
		ChannelCredentials withCertificate = TlsChannelCredentials.newBuilder()
			.trustManager(file("server-cert.pem"))
			.keyManager(file("client-cert.pem"), file("client-key.pem"))
			.build();

		assertThat(sendAs(keep(Grpc.newChannelBuilderForAddress("localhost", this.grpcPort.get(), withCertificate)
			.build()))).as("gRPC port").isEqualTo("sent by test-client");
		assertThat(sendAs(keep(Grpc.newChannelBuilderForAddress("localhost", this.webPort, withCertificate).build())))
			.as("gRPC on the web port").isEqualTo("sent by test-client");
		assertThat(sendAs(connect(RpcProtocol.CONNECT, clientBundle(true)))).as("Connect")
			.isEqualTo("sent by test-client");
		assertThat(sendAs(connect(RpcProtocol.GRPC_WEB, clientBundle(true)))).as("gRPC-Web")
			.isEqualTo("sent by test-client");
	}

	@Test
	void callerWithoutCertificateOrPasswordIsUnauthenticatedOnTheGrpcPortAndRefusedByTheWebPort() throws IOException {
		ChannelCredentials withoutCertificate = TlsChannelCredentials.newBuilder()
			.trustManager(file("server-cert.pem"))
			.build();
		ManagedChannel grpcPort = keep(
				Grpc.newChannelBuilderForAddress("localhost", this.grpcPort.get(), withoutCertificate).build());

		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> sendAs(grpcPort))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> sendAs(connect(RpcProtocol.CONNECT, clientBundle(false))))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).as("no TLS handshake without a certificate")
				.isEqualTo(Status.Code.UNAVAILABLE));
	}

	private static String sendAs(ManagedChannel channel) {
		return EmailServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.sendEmail(SendEmailRequest.newBuilder().setTo("ada@example.com").build())
			.getEmail()
			.getSubject();
	}

	private ManagedChannel connect(RpcProtocol protocol, SslBundle bundle) {
		return keep(ConnectChannel.builder(protocol, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(URI.create("https://localhost:" + this.webPort))))
			.tls(bundle)
			.build());
	}

	/** Trusts the server; with the client's certificate and key, or without them. */
	private static SslBundle clientBundle(boolean withCertificate) {
		PemSslStoreDetails identity = withCertificate ? PemSslStoreDetails.forCertificate(TLS + "client-cert.pem")
			.withPrivateKey(TLS + "client-key.pem") : null;
		return SslBundle
			.of(new PemSslStoreBundle(identity, PemSslStoreDetails.forCertificate(TLS + "server-cert.pem")));
	}

	private static File file(String name) {
		return new File(TLS.substring("file:".length()) + name);
	}

}
