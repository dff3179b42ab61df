package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sockets of {@link WholeFrameSslSocketFactory} on real TLS connections to a local server
 * that offers both protocols by ALPN: the client's offer decides which one it gets.
 */
class WholeFrameSslSocketTests {

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private SSLServerSocket server;

	/** The server's end, closed after the client's: closing TLS 1.3 waits for the other end's close. */
	private volatile Socket accepted;

	@BeforeEach
	void listen() throws IOException {
		this.server = (SSLServerSocket) TestTls.serverContext().getServerSocketFactory().createServerSocket(0);
		SSLParameters parameters = this.server.getSSLParameters();
		parameters.setApplicationProtocols(new String[] { "h2", "http/1.1" });
		this.server.setSSLParameters(parameters);
	}

	@AfterEach
	void close() throws IOException {
		if (this.accepted != null) {
			this.accepted.close();
		}
		this.server.close();
	}

	@Test
	void http2PassesOnlyWholeFrames() throws Exception {
		byte[] settings = { 0, 0, 0, 4, 0, 0, 0, 0, 0 };
		OutputStream output = sendOver("h2", concat(PREFACE, settings));
		assertThat(output).isInstanceOf(WholeFrameOutputStream.class);
	}

	@Test
	void http11PassesBytesUnchanged() throws Exception {
		// Shorter than the HTTP/2 preface: a whole-frame filter would hold all of it back.
		OutputStream output = sendOver("http/1.1", "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(output).isNotInstanceOf(WholeFrameOutputStream.class);
	}

	/**
	 * Writes bytes on a connection that negotiated the protocol, checks that the server got them
	 * all, and returns the output they were written to.
	 */
	private OutputStream sendOver(String protocol, byte[] sent) throws Exception {
		CompletableFuture<byte[]> received = receive(sent.length);
		try (SSLSocket socket = connect(protocol)) {
			OutputStream output = socket.getOutputStream();
			output.write(sent);
			output.flush();
			assertThat(socket.getApplicationProtocol()).isEqualTo(protocol);
			assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(sent);
			return output;
		}
	}

	@Test
	void socketsOfAnotherTlsProviderPassThroughUnwrapped() throws IOException {
		// OkHttp would set ALPN up on such a socket through its provider's own API.
		try (SSLSocket jdk = (SSLSocket) TestTls.clientContext().getSocketFactory().createSocket()) {
			SSLSocket foreign = new ForwardingSslSocket(jdk) {
			};

			assertThat(WholeFrameSslSocketFactory.wholeFrames(jdk)).isInstanceOf(WholeFrameSslSocket.class);
			assertThat(WholeFrameSslSocketFactory.wholeFrames(foreign)).isSameAs(foreign);
		}
	}

	/** A client socket that offers one protocol by ALPN, after its handshake, as OkHttp uses it. */
	private SSLSocket connect(String protocol) throws IOException {
		WholeFrameSslSocketFactory factory = new WholeFrameSslSocketFactory(
				TestTls.clientContext().getSocketFactory());
		SSLSocket socket = (SSLSocket) factory.createSocket("localhost", this.server.getLocalPort());
		assertThat(socket).isInstanceOf(WholeFrameSslSocket.class);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setApplicationProtocols(new String[] { protocol });
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	/** Accepts one connection and reads that many bytes from it. */
	private CompletableFuture<byte[]> receive(int length) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				this.accepted = this.server.accept();
				this.accepted.setSoTimeout(5000);
				return this.accepted.getInputStream().readNBytes(length);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] all = new byte[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

}
