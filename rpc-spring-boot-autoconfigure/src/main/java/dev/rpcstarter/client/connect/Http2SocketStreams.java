package dev.rpcstarter.client.connect;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The streams of a client socket, as the starter's sockets hand them to OkHttp: over HTTP/2
 * the output passes on only whole frames ({@link WholeFrameOutputStream}) and the input tells
 * the server's stream limit ({@link ServerStreamLimit}); over any other protocol both pass
 * bytes unchanged. Each is made once, when OkHttp first asks for it, which it does once the
 * socket is connected and, over TLS, once ALPN has chosen the protocol.
 */
final class Http2SocketStreams {

	private InputStream input;

	private OutputStream output;

	/** Set with the input; asked for by every call on the connection. */
	private volatile ServerStreamLimit streamLimit;

	/**
	 * @param socketInput the socket's own input
	 * @param http2 whether the socket speaks HTTP/2
	 * @return the input to hand out
	 */
	synchronized InputStream input(InputStream socketInput, boolean http2) {
		if (this.input == null) {
			if (http2) {
				this.streamLimit = new ServerStreamLimit();
				this.input = this.streamLimit.reading(socketInput);
			}
			else {
				this.input = socketInput;
			}
		}
		return this.input;
	}

	/**
	 * @param socketOutput the socket's own output
	 * @param http2 whether the socket speaks HTTP/2
	 * @return the output to hand out
	 */
	synchronized OutputStream output(OutputStream socketOutput, boolean http2) {
		if (this.output == null) {
			this.output = http2 ? new WholeFrameOutputStream(socketOutput) : socketOutput;
		}
		return this.output;
	}

	/**
	 * @return the stream limit of the socket's connection, or {@code null} before its input was
	 * asked for or when it does not speak HTTP/2
	 */
	ServerStreamLimit streamLimit() {
		return this.streamLimit;
	}

}
