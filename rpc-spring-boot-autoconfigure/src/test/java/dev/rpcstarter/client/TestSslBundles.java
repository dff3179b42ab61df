package dev.rpcstarter.client;

/**
 * The client-side SSL bundles of the TLS tests, made of the self-signed test certificates:
 * {@code server-trust} trusts the test server, {@code client-identity} also carries the
 * client's key for mutual TLS.
 */
final class TestSslBundles {

	static final String[] PROPERTIES = {
			"spring.ssl.bundle.pem.server-trust.truststore.certificate=classpath:tls/server-cert.pem",
			"spring.ssl.bundle.pem.client-identity.truststore.certificate=classpath:tls/server-cert.pem",
			"spring.ssl.bundle.pem.client-identity.keystore.certificate=classpath:tls/client-cert.pem",
			"spring.ssl.bundle.pem.client-identity.keystore.private-key=classpath:tls/client-key.pem" };

	private TestSslBundles() {
	}

}
