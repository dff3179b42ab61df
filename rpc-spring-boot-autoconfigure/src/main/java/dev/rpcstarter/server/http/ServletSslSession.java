package dev.rpcstarter.server.http;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The TLS session of a request, as far as the servlet API tells it, for
 * {@link io.grpc.Grpc#TRANSPORT_ATTR_SSL_SESSION}: the client's certificates, the cipher suite,
 * the protocol and the session's id. Services and interceptors read the client's certificate
 * there on the gRPC port (net.devh's {@code SSLContextGrpcAuthenticationReader} does, for
 * mutual TLS); the servlet API gives no {@code SSLSession} itself, only these request
 * attributes.
 *
 * <p>A read-only view: the session's values ({@code putValue}) and its context are not the
 * container's, so this session has none, and it cannot be invalidated from here.
 */
final class ServletSslSession implements SSLSession {

	private static final X509Certificate[] NO_CERTIFICATES = {};

	/** The TLS version, which the servlet API does not name; other containers leave it out. */
	private static final String TOMCAT_PROTOCOL = "org.apache.tomcat.util.net.secure_protocol_version";

	private final X509Certificate[] peerCertificates;

	private final String cipherSuite;

	private final String protocol;

	private final byte[] id;

	private final String peerHost;

	private final int peerPort;

	private ServletSslSession(HttpServletRequest request) {
		Object certificates = request.getAttribute("jakarta.servlet.request.X509Certificate");
		this.peerCertificates = (certificates instanceof X509Certificate[] chain) ? chain : NO_CERTIFICATES;
		this.cipherSuite = (String) request.getAttribute("jakarta.servlet.request.cipher_suite");
		this.protocol = (String) request.getAttribute(TOMCAT_PROTOCOL);
		Object id = request.getAttribute("jakarta.servlet.request.ssl_session_id");
		this.id = (id != null) ? id.toString().getBytes(StandardCharsets.US_ASCII) : new byte[0];
		this.peerHost = request.getRemoteAddr();
		this.peerPort = request.getRemotePort();
	}

	/**
	 * Reads a request's TLS session.
	 * @param request the request, on its request thread
	 * @return the session, or {@code null} when the request did not come over TLS
	 */
	static SSLSession of(HttpServletRequest request) {
		return request.isSecure() ? new ServletSslSession(request) : null;
	}

	@Override
	public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
		if (this.peerCertificates.length == 0) {
			throw new SSLPeerUnverifiedException("the client sent no certificate");
		}
		return this.peerCertificates.clone();
	}

	@Override
	public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
		return ((X509Certificate) getPeerCertificates()[0]).getSubjectX500Principal();
	}

	@Override
	public Certificate[] getLocalCertificates() {
		return null;
	}

	@Override
	public Principal getLocalPrincipal() {
		return null;
	}

	@Override
	public String getCipherSuite() {
		return this.cipherSuite;
	}

	@Override
	public String getProtocol() {
		return this.protocol;
	}

	@Override
	public byte[] getId() {
		return this.id.clone();
	}

	@Override
	public String getPeerHost() {
		return this.peerHost;
	}

	@Override
	public int getPeerPort() {
		return this.peerPort;
	}

	@Override
	@Deprecated
	@SuppressWarnings("removal")
	public javax.security.cert.X509Certificate[] getPeerCertificateChain() {
		throw new UnsupportedOperationException("the javax.security.cert API is deprecated: use getPeerCertificates");
	}

	@Override
	public SSLSessionContext getSessionContext() {
		return null;
	}

	@Override
	public long getCreationTime() {
		return 0;
	}

	@Override
	public long getLastAccessedTime() {
		return 0;
	}

	@Override
	public void invalidate() {
	}

	@Override
	public boolean isValid() {
		return true;
	}

	@Override
	public void putValue(String name, Object value) {
		throw new UnsupportedOperationException("this view of the container's TLS session holds no values");
	}

	@Override
	public Object getValue(String name) {
		return null;
	}

	@Override
	public void removeValue(String name) {
	}

	@Override
	public String[] getValueNames() {
		return new String[0];
	}

	@Override
	public int getPacketBufferSize() {
		return 0;
	}

	@Override
	public int getApplicationBufferSize() {
		return 0;
	}

}
