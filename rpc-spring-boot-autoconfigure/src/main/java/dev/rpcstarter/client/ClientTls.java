package dev.rpcstarter.client;

import dev.rpcstarter.client.connect.ConnectChannel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;

/**
 * The TLS material of clients, from the Spring Boot SSL bundle that
 * {@code rpc.client.<name>.ssl-bundle} names: its trust managers verify the server, its key
 * managers (when the bundle has a key store) answer a server that asks for a client
 * certificate.
 */
class ClientTls {

	private final SslBundles sslBundles;

	/**
	 * @param sslBundles the context's bundles, or {@code null} when there are none
	 */
	ClientTls(SslBundles sslBundles) {
		this.sslBundles = sslBundles;
	}

	/**
	 * @return plaintext, TLS trusting the JVM's authorities, or TLS with the client's bundle
	 */
	ChannelCredentials grpcCredentials(NamedClient client) {
		if (!client.tls()) {
			return InsecureChannelCredentials.create();
		}
		SslBundle bundle = bundleOf(client);
		if (bundle == null) {
			return TlsChannelCredentials.create();
		}
		SslManagerBundle managers = bundle.getManagers();
		return TlsChannelCredentials.newBuilder()
			.keyManager(managers.getKeyManagers())
			.trustManager(managers.getTrustManagers())
			.build();
	}

	/**
	 * Gives the https calls of a connect or grpc-web client the material of its bundle; without
	 * one they trust the JVM's authorities.
	 * @param channel the client's channel, being built
	 */
	void configure(NamedClient client, ConnectChannel.Builder channel) {
		SslBundle bundle = bundleOf(client);
		if (bundle == null) {
			return;
		}
		try {
			channel.tls(bundle);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClientConfigurationException("names the SSL bundle '" + client.settings().getSslBundle()
					+ "' in " + client.property("ssl-bundle") + ", which has no X.509 trust manager to verify https"
					+ " servers with");
		}
	}

	private SslBundle bundleOf(NamedClient client) {
		String name = client.settings().getSslBundle();
		if (name == null) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new InvalidClientConfigurationException("sets " + client.property("ssl-bundle")
					+ ", but there are no SSL bundles: configure spring.ssl.bundle.* with Spring Boot's SslAutoConfiguration");
		}
		try {
			return this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidClientConfigurationException("names the unknown SSL bundle '" + name + "' in "
					+ client.property("ssl-bundle") + ": define it under spring.ssl.bundle.pem." + name
					+ " or spring.ssl.bundle.jks." + name);
		}
	}

}
