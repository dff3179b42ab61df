package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import javax.net.ssl.SSLSocket;

/**
 * A TLS socket whose application output passes on only whole HTTP/2 frames
 * ({@link WholeFrameOutputStream}) once ALPN has chosen HTTP/2, and every byte unchanged on any
 * other protocol, such as HTTP/1.1; over HTTP/2 its input also tells the server's stream limit
 * ({@link ServerStreamLimit}). The filter sits above TLS because the server's HTTP/2
 * reader sees the decrypted bytes: a frame split between two TLS writes can stall it the same
 * way as one split between two TCP writes over h2c.
 *
 * <p>The protocol is read at the first {@link #getOutputStream()} and {@link #getInputStream()}.
 * OkHttp asks for the streams only after the handshake, when the protocol is known; a stream
 * asked for before it passes bytes unchanged.
 */
final class WholeFrameSslSocket extends ForwardingSslSocket implements ServerStreamLimit.Source {

	/** The ALPN identifier of HTTP/2 over TLS (RFC 9113). */
	private static final String HTTP_2 = "h2";

	private InputStream input;

	/** Set with the input, over HTTP/2 only; asked for by every call on the connection. */
	private volatile ServerStreamLimit streamLimit;

	private OutputStream output;

	WholeFrameSslSocket(SSLSocket delegate) {
		super(delegate);
	}

	@Override
	public ServerStreamLimit streamLimit() {
		return this.streamLimit;
	}

	@Override
	public synchronized InputStream getInputStream() throws IOException {
		if (this.input == null) {
			InputStream tls = super.getInputStream();
			if (HTTP_2.equals(getApplicationProtocol())) {
				this.streamLimit = new ServerStreamLimit();
				tls = this.streamLimit.reading(tls);
			}
			this.input = tls;
		}
		return this.input;
	}

	@Override
	public synchronized OutputStream getOutputStream() throws IOException {
		if (this.output == null) {
			OutputStream tls = super.getOutputStream();
			this.output = HTTP_2.equals(getApplicationProtocol()) ? new WholeFrameOutputStream(tls) : tls;
		}
		return this.output;
	}

}
