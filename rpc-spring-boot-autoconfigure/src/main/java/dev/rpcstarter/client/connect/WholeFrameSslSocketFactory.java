package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes the TLS sockets of another factory into {@link WholeFrameSslSocket}s, which pass on
 * only whole HTTP/2 frames once ALPN has chosen HTTP/2. OkHttp layers TLS over its own
 * connected socket ({@link #createSocket(Socket, String, int, boolean)}); the other methods
 * wrap their sockets the same way. Sockets of other TLS providers than the JDK's pass through
 * unwrapped.
 */
final class WholeFrameSslSocketFactory extends SSLSocketFactory {

	/** Where the JDK's own TLS implementation lives (its SunJSSE provider). */
	private static final String JDK_TLS_PACKAGE = "sun.security.ssl.";

	private final SSLSocketFactory delegate;

	WholeFrameSslSocketFactory(SSLSocketFactory delegate) {
		this.delegate = delegate;
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
		return wholeFrames(this.delegate.createSocket(socket, host, port, autoClose));
	}

	@Override
	public Socket createSocket() throws IOException {
		return wholeFrames(this.delegate.createSocket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return wholeFrames(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return wholeFrames(this.delegate.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return wholeFrames(this.delegate.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return wholeFrames(this.delegate.createSocket(address, port, localAddress, localPort));
	}

	/**
	 * Wraps only the JDK's own TLS sockets. OkHttp sets ALPN up on those through the standard
	 * API, which a forwarding socket passes on; on another provider's (Conscrypt, BouncyCastle
	 * JSSE) it calls that provider's own API, which needs the provider's socket, and would
	 * otherwise silently speak HTTP/1.1.
	 */
	static Socket wholeFrames(Socket socket) {
		return socket.getClass().getName().startsWith(JDK_TLS_PACKAGE) ? new WholeFrameSslSocket((SSLSocket) socket)
				: socket;
	}

}
