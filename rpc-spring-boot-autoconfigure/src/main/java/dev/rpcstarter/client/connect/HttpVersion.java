package dev.rpcstarter.client.connect;

import okhttp3.Protocol;

/**
 * The HTTP version a {@link ConnectChannel} speaks, when it should not be left to the scheme of
 * the server's address (HTTP/2 negotiated by ALPN over {@code https://}, HTTP/1.1 over
 * {@code http://}).
 */
public enum HttpVersion {

	/**
	 * HTTP/1.1 only, also over {@code https://}. Bidirectional calls are half duplex: the
	 * responses arrive after the client half-closes.
	 */
	HTTP_1_1,

	/**
	 * HTTP/2: over {@code http://} without TLS, with prior knowledge (h2c that starts with the
	 * HTTP/2 preface, no {@code Upgrade} request), so the server must speak HTTP/2; over
	 * {@code https://} offered first by ALPN, falling back to HTTP/1.1 for a server that does
	 * not offer it.
	 */
	HTTP_2;

	/**
	 * @param protocol the protocol of an OkHttp connection or response
	 * @return whether it is HTTP/2, negotiated by ALPN or with prior knowledge
	 */
	static boolean isHttp2(Protocol protocol) {
		return protocol == Protocol.HTTP_2 || protocol == Protocol.H2_PRIOR_KNOWLEDGE;
	}

}
