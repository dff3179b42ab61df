package dev.rpcstarter.client.connect;

import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * TLS material of the self-signed test certificate for {@code localhost}
 * ({@code classpath:tls/}): the server's identity and a client's trust in it.
 */
final class TestTls {

	private TestTls() {
	}

	static SSLContext serverContext() {
		return SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate("classpath:tls/server-cert.pem")
			.withPrivateKey("classpath:tls/server-key.pem"), null)).createSslContext();
	}

	static SSLContext clientContext() {
		return clientBundle().createSslContext();
	}

	static X509TrustManager clientTrustManager() {
		return Arrays.stream(clientBundle().getManagers().getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow();
	}

	private static SslBundle clientBundle() {
		return SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("classpath:tls/server-cert.pem")));
	}

}
