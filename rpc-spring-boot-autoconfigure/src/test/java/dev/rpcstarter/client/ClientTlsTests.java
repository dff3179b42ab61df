package dev.rpcstarter.client;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.autoconfigure.RpcClientProperties;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.protocol.Codec;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The TLS material of Connect and gRPC-Web clients: a bundle that cannot verify https servers
 * is refused with the property that names it.
 */
class ClientTlsTests {

	@Test
	void aBundleWithoutAnX509TrustManagerIsRefusedNamingTheProperty() {
		SslBundle bundle = SslBundle.of(SslStoreBundle.NONE, SslBundleKey.NONE, SslOptions.NONE, "TLS",
				new NoX509TrustManagers());
		RpcClientProperties.Client settings = new RpcClientProperties.Client();
		settings.setSslBundle("odd");
		ClientTls tls = new ClientTls(new DefaultSslBundleRegistry("odd", bundle));

		assertThatExceptionOfType(InvalidClientConfigurationException.class)
			.isThrownBy(() -> tls.configure(new NamedClient("email", settings),
					ConnectChannel.builder(RpcProtocol.CONNECT, Codec.PROTO)))
			.withMessageContaining("names the SSL bundle 'odd' in rpc.client.email.ssl-bundle, which has no X.509 "
					+ "trust manager to verify https servers with");
	}

	/** Trust managers of a kind that verifies no X.509 certificate chain. */
	private static final class NoX509TrustManagers implements SslManagerBundle {

		@Override
		public KeyManagerFactory getKeyManagerFactory() {
			throw new UnsupportedOperationException();
		}

		@Override
		public KeyManager[] getKeyManagers() {
			return new KeyManager[0];
		}

		@Override
		public TrustManagerFactory getTrustManagerFactory() {
			throw new UnsupportedOperationException();
		}

		@Override
		public TrustManager[] getTrustManagers() {
			return new TrustManager[] { new TrustManager() {
			} };
		}

	}

}
