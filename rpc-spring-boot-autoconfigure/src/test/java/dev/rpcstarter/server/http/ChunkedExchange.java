package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 exchange over a plain socket whose request body goes out in chunks, one
 * {@link #send} at a time, while the response is read line by line as it arrives: a client
 * that holds a bidirectional conversation, or leaves in the middle of one. The JDK's client
 * sends a whole body before it reads the answer.
 */
final class ChunkedExchange implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private int status;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private boolean responseChunked;

	/** Bytes left in the response chunk being read, or in a body of declared length. */
	private int chunkLeft;

	private boolean responseEnded;

	/**
	 * Sends a request's headers; its body follows with {@link #send}.
	 * @param port the server's port
	 * @param path the path
	 * @param requestHeaders further headers, such as {@code Content-Type: application/x-ndjson}
	 * @throws IOException when the server cannot be reached
	 */
	ChunkedExchange(int port, String path, String... requestHeaders) throws IOException {
		this.socket = new Socket("localhost", port);
		this.socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
		this.out = this.socket.getOutputStream();
		this.in = this.socket.getInputStream();
		StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port
				+ "\r\nTransfer-Encoding: chunked\r\n");
		for (String header : requestHeaders) {
			head.append(header).append("\r\n");
		}
		this.out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	/** Sends one chunk of the body. */
	void send(String text) throws IOException {
		send(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Sends one chunk of the body. */
	void send(byte[] bytes) throws IOException {
		this.out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		this.out.write(bytes);
		this.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	/** Ends the body. */
	void finish() throws IOException {
		this.out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
	}

	/** The response's status, read with its headers the first time. */
	int status() throws IOException {
		if (this.status == 0) {
			String[] statusLine = headLine().split(" ", 3);
			this.status = Integer.parseInt(statusLine[1]);
			for (String line = headLine(); !line.isEmpty(); line = headLine()) {
				int colon = line.indexOf(':');
				this.headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
			this.responseChunked = "chunked".equalsIgnoreCase(this.headers.get("transfer-encoding"));
			if (!this.responseChunked) {
				this.chunkLeft = Integer.parseInt(this.headers.getOrDefault("content-length", "0"));
			}
		}
		return this.status;
	}

	/** A response header, by lower-case name. */
	String header(String name) throws IOException {
		status();
		return this.headers.get(name);
	}

	/**
	 * The next line of the response body, without its line break.
	 * @return the line, or {@code null} at the body's end
	 */
	String readLine() throws IOException {
		status();
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = bodyByte(); b >= 0; b = bodyByte()) {
			if (b == '\n') {
				return line.toString(StandardCharsets.UTF_8);
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.UTF_8) : null;
	}

	/** The rest of the response body. */
	String readRest() throws IOException {
		status();
		ByteArrayOutputStream rest = new ByteArrayOutputStream();
		for (int b = bodyByte(); b >= 0; b = bodyByte()) {
			rest.write(b);
		}
		return rest.toString(StandardCharsets.UTF_8);
	}

	/**
	 * The rest of the response body as a stream for a decoder, such as gzip's, to read as it
	 * arrives: a read waits for one byte at most, and takes what is left of its chunk.
	 */
	InputStream body() throws IOException {
		status();
		return new InputStream() {

			@Override
			public int read() throws IOException {
				return bodyByte();
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int first = bodyByte();
				if (first < 0) {
					return -1;
				}
				b[off] = (byte) first;
				int n = 1;
				while (n < len && ChunkedExchange.this.chunkLeft > 0) {
					b[off + n++] = (byte) bodyByte();
				}
				return n;
			}

		};
	}

	private int bodyByte() throws IOException {
		if (this.responseEnded) {
			return -1;
		}
		if (this.chunkLeft == 0 && !this.responseChunked) {
			this.responseEnded = true;
			return -1;
		}
		if (this.chunkLeft == 0) {
			String size = headLine();
			if (size.isEmpty()) {
				size = headLine();
			}
			this.chunkLeft = Integer.parseInt(size.trim(), 16);
			if (this.chunkLeft == 0) {
				this.responseEnded = true;
				return -1;
			}
		}
		this.chunkLeft--;
		return this.in.read();
	}

	private String headLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new IOException("the connection closed inside the response's head");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
