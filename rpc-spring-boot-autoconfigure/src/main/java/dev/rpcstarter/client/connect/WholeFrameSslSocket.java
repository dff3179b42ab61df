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

	private final Http2SocketStreams streams = new Http2SocketStreams();

	WholeFrameSslSocket(SSLSocket delegate) {
		super(delegate);
	}

	@Override
	public ServerStreamLimit streamLimit() {
		return this.streams.streamLimit();
	}

	@Override
	public InputStream getInputStream() throws IOException {
		return this.streams.input(super.getInputStream(), HTTP_2.equals(getApplicationProtocol()));
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		return this.streams.output(super.getOutputStream(), HTTP_2.equals(getApplicationProtocol()));
	}

}
