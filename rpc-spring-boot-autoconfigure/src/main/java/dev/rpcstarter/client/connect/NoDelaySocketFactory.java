package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.function.Supplier;

import javax.net.SocketFactory;

/**
 * Sockets with Nagle's algorithm off ({@code TCP_NODELAY}), which OkHttp leaves on. Over
 * HTTP/2 a request is written as several small frames (HEADERS, then DATA), and Nagle holds
 * back the later ones until the server acknowledges the first, which it may delay by 40 ms
 * while it waits for the rest of the request; a call that sends one message then waits that
 * long for nothing.
 */
final class NoDelaySocketFactory extends SocketFactory {

	private final Supplier<Socket> unconnected;

	private NoDelaySocketFactory(Supplier<Socket> unconnected) {
		this.unconnected = unconnected;
	}

	/**
	 * @return a factory of plain sockets
	 */
	static NoDelaySocketFactory plain() {
		return new NoDelaySocketFactory(Socket::new);
	}

	/**
	 * @return a factory of sockets for h2c with prior knowledge, which pass on only whole
	 * HTTP/2 frames (see {@link WholeFrameOutputStream}) and read the server's stream limit
	 * ({@link ServerStreamLimit})
	 */
	static NoDelaySocketFactory wholeHttp2Frames() {
		return new NoDelaySocketFactory(WholeFrameSocket::new);
	}

	@Override
	public Socket createSocket() throws IOException {
		// What OkHttp calls: it connects the socket itself, with its connect timeout.
		Socket socket = this.unconnected.get();
		socket.setTcpNoDelay(true);
		return socket;
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return connected(new InetSocketAddress(host, port), null);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
	}

	private Socket connected(SocketAddress remote, SocketAddress local) throws IOException {
		Socket socket = createSocket();
		if (local != null) {
			socket.bind(local);
		}
		socket.connect(remote);
		return socket;
	}

	/**
	 * A socket whose output passes on only whole HTTP/2 frames, and whose input tells the
	 * server's stream limit.
	 */
	private static final class WholeFrameSocket extends Socket implements ServerStreamLimit.Source {

		private final Http2SocketStreams streams = new Http2SocketStreams();

		@Override
		public ServerStreamLimit streamLimit() {
			return this.streams.streamLimit();
		}

		@Override
		public InputStream getInputStream() throws IOException {
			return this.streams.input(super.getInputStream(), true);
		}

		@Override
		public OutputStream getOutputStream() throws IOException {
			return this.streams.output(super.getOutputStream(), true);
		}

	}

}
