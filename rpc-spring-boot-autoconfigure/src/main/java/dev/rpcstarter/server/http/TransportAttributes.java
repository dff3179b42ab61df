package dev.rpcstarter.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Grpc;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The addresses of a request's connection as grpc-java's transport attributes
 * ({@link Grpc#TRANSPORT_ATTR_REMOTE_ADDR}, {@link Grpc#TRANSPORT_ATTR_LOCAL_ADDR}), and over
 * TLS its session ({@link Grpc#TRANSPORT_ATTR_SSL_SESSION}), with the client's certificate.
 *
 * <p>The addresses are read when the call starts, while the container still holds them, but
 * made into socket addresses only when something asks for them: most calls never do, and
 * parsing two address literals costs every call that does not.
 */
final class TransportAttributes {

	private final String remoteHost;

	private final int remotePort;

	private final String localHost;

	private final int localPort;

	/** The TLS session, or {@code null} without TLS. */
	private final SSLSession sslSession;

	/** Built on first use; threads that race build equal values, which is harmless. */
	private volatile Attributes attributes;

	TransportAttributes(HttpServletRequest request) {
		this.remoteHost = request.getRemoteAddr();
		this.remotePort = request.getRemotePort();
		this.localHost = request.getLocalAddr();
		this.localPort = request.getLocalPort();
		this.sslSession = ServletSslSession.of(request);
	}

	/**
	 * The attributes.
	 * @return the connection's addresses, each left out when the container did not know it,
	 * and its TLS session if it has one
	 */
	Attributes get() {
		Attributes built = this.attributes;
		if (built == null) {
			Attributes.Builder builder = Attributes.newBuilder();
			setAddress(builder, Grpc.TRANSPORT_ATTR_REMOTE_ADDR, this.remoteHost, this.remotePort);
			setAddress(builder, Grpc.TRANSPORT_ATTR_LOCAL_ADDR, this.localHost, this.localPort);
			if (this.sslSession != null) {
				builder.set(Grpc.TRANSPORT_ATTR_SSL_SESSION, this.sslSession);
			}
			built = builder.build();
			this.attributes = built;
		}
		return built;
	}

	/**
	 * Leaves out an address that the container no longer knows: Tomcat has none for a
	 * connection that closed before the call started, a client gone at once, whose call
	 * then ends at its first write like any other.
	 */
	private static void setAddress(Attributes.Builder attributes, Attributes.Key<SocketAddress> key, String host,
			int port) {
		if (host != null) {
			attributes.set(key, new InetSocketAddress(host, port));
		}
	}

}
