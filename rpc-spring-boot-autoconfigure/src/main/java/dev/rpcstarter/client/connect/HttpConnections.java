package dev.rpcstarter.client.connect;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;

/**
 * The OkHttp clients of one {@link ConnectChannel} and the connection pool they share: one
 * client for {@code https://} servers, whose protocol ALPN negotiates, and one for
 * {@code http://} servers, which speaks HTTP/1.1 or, when asked for HTTP/2, h2c with prior
 * knowledge. OkHttp cannot offer both on one plaintext client. Calls beyond the streams an
 * HTTP/2 connection allows wait for one ({@link Http2StreamLimitWait}).
 *
 * <p>HTTP/2 connections, h2c ones and TLS ones on which ALPN chose HTTP/2, pass on only whole
 * HTTP/2 frames ({@link WholeFrameOutputStream}, {@link WholeFrameSslSocket}), so that a server
 * that reads a frame while holding its connection (Tomcat's blocking HTTP/2 reader, the
 * starter's default) never waits for the rest of one that OkHttp keeps in its buffer.
 *
 * <p>OkHttp's own timeouts are off: the call's deadline ends an exchange, as on a grpc-java
 * channel, and a stream may be idle for as long as its call lasts. Only connecting has a
 * limit, so that an unresponsive address fails instead of waiting for the deadline.
 */
final class HttpConnections {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

	/**
	 * Idle connections kept for reuse. Over HTTP/1.1 every running call holds a connection of
	 * its own, so a client with many concurrent calls needs as many between its calls; OkHttp's
	 * default of 5 would close and reopen connections all the time under such a load. Over
	 * HTTP/2 one connection carries many calls.
	 */
	private static final int MAX_IDLE_CONNECTIONS = 64;

	private static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

	private final ConnectionPool pool = new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(),
			TimeUnit.MILLISECONDS);

	private final OkHttpClient secure;

	private final OkHttpClient plaintext;

	/**
	 * @param version the version to speak, or {@code null} for HTTP/2 by ALPN over https and
	 * HTTP/1.1 over http
	 * @param tls the trust and key material of https servers, or {@code null} for the JVM's
	 */
	HttpConnections(HttpVersion version, Tls tls) {
		OkHttpClient.Builder builder = new OkHttpClient.Builder().connectionPool(this.pool)
			.socketFactory(NoDelaySocketFactory.plain())
			.connectTimeout(CONNECT_TIMEOUT)
			.readTimeout(Duration.ZERO)
			.writeTimeout(Duration.ZERO)
			.callTimeout(Duration.ZERO)
			// As a gRPC client: a redirect is an unexpected HTTP status, not something to follow.
			.followRedirects(false)
			.followSslRedirects(false)
			.addNetworkInterceptor(new Http2RequestBodies())
			.eventListenerFactory(new Http2StreamLimitWait());
		Tls secureTls = (tls != null) ? tls : Tls.jvmDefault();
		builder.sslSocketFactory(new WholeFrameSslSocketFactory(secureTls.socketFactory()), secureTls.trustManager());
		// A plaintext connection ignores HTTP_2 in this list and speaks HTTP/1.1.
		this.secure = builder
			.protocols((version == HttpVersion.HTTP_1_1) ? List.of(Protocol.HTTP_1_1)
					: List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
			.build();
		this.plaintext = (version == HttpVersion.HTTP_2) ? this.secure.newBuilder()
			.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
			.socketFactory(NoDelaySocketFactory.wholeHttp2Frames())
			.build() : this.secure;
	}

	/**
	 * @param request a request to a server of the channel
	 * @return its exchange, not yet started
	 */
	Call newCall(Request request) {
		return (request.isHttps() ? this.secure : this.plaintext).newCall(request);
	}

	/**
	 * Closes the idle connections, once the channel has no call left.
	 */
	void close() {
		this.pool.evictAll();
	}

	/**
	 * The TLS material of {@code https://} calls.
	 * @param socketFactory makes the TLS sockets, from an {@code SSLContext} initialised with
	 * the trust manager
	 * @param trustManager verifies the servers; OkHttp also uses it to clean up the certificate
	 * chains they send
	 */
	record Tls(SSLSocketFactory socketFactory, X509TrustManager trustManager) {

		/**
		 * @param managers trust managers
		 * @return the first of them that verifies X.509 certificates, the kind OkHttp needs
		 */
		static Optional<X509TrustManager> firstX509(TrustManager[] managers) {
			return Arrays.stream(managers)
				.filter(X509TrustManager.class::isInstance)
				.map(X509TrustManager.class::cast)
				.findFirst();
		}

		/**
		 * @return the JVM's default trust material and no client key, as OkHttp uses when
		 * given none
		 */
		static Tls jvmDefault() {
			try {
				TrustManagerFactory factory = TrustManagerFactory
					.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init((KeyStore) null);
				X509TrustManager trustManager = firstX509(factory.getTrustManagers())
					.orElseThrow(() -> new IllegalStateException("the JVM has no default X.509 trust manager"));
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, new TrustManager[] { trustManager }, null);
				return new Tls(context.getSocketFactory(), trustManager);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("the JVM's default TLS is not available", ex);
			}
		}

	}

}
