package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.google.protobuf.MessageLite;

/**
 * An h2c connection driven frame by frame, for tests that need frames no well-behaved client
 * library sends in that order: half a request, resets, empty DATA frames. Header blocks are
 * HPACK literals without indexing; the server's header blocks are not decoded.
 */
final class RawHttp2Connection implements AutoCloseable {

	static final int DATA = 0;

	static final int HEADERS = 1;

	static final int RST_STREAM = 3;

	static final int SETTINGS = 4;

	static final int GOAWAY = 7;

	static final int WINDOW_UPDATE = 8;

	static final int END_STREAM = 0x1;

	static final int END_HEADERS = 0x4;

	/** RST_STREAM's code for a stream the client no longer wants. */
	static final int CANCEL = 0x8;

	/** GOAWAY's code for a peer that generates excessive load. */
	static final int ENHANCE_YOUR_CALM = 0xb;

	/** ENABLE_PUSH 0, MAX_CONCURRENT_STREAMS 0, INITIAL_WINDOW_SIZE 1 MiB, MAX_HEADER_LIST_SIZE 8 KiB. */
	private static final byte[][] GRPC_JAVA_SETTINGS = { { 0, 2, 0, 0, 0, 0 }, { 0, 3, 0, 0, 0, 0 },
			{ 0, 4, 0, 0x10, 0, 0 }, { 0, 6, 0, 0, 0x20, 0 } };

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final Socket socket;

	private final int port;

	private final DataOutputStream out;

	private final DataInputStream in;

	/**
	 * Opens a connection and sends the preface with a SETTINGS frame.
	 * @param port the server's port
	 * @param settings how many settings the SETTINGS frame carries, up to four: those that
	 * grpc-java's client sends, in its order; Tomcat counts each against the connection
	 */
	RawHttp2Connection(int port, int settings) throws IOException {
		this.socket = new Socket("localhost", port);
		this.socket.setSoTimeout(5000);
		this.port = port;
		this.out = new DataOutputStream(this.socket.getOutputStream());
		this.in = new DataInputStream(this.socket.getInputStream());
		this.out.write(PREFACE);
		ByteArrayOutputStream payload = new ByteArrayOutputStream();
		for (int i = 0; i < settings; i++) {
			payload.writeBytes(GRPC_JAVA_SETTINGS[i]);
		}
		send(SETTINGS, 0, 0, payload.toByteArray());
	}

	/**
	 * Sends the HEADERS of a POST request.
	 * @param stream the stream's id
	 * @param path the request's path
	 * @param contentType its content type
	 * @param extraNamesAndValues further header names and values
	 */
	void post(int stream, String path, String contentType, String... extraNamesAndValues) throws IOException {
		List<String> fields = new ArrayList<>(List.of(":method", "POST", ":scheme", "http", ":path", path,
				":authority", "localhost:" + this.port, "content-type", contentType));
		fields.addAll(List.of(extraNamesAndValues));
		send(HEADERS, END_HEADERS, stream, headerBlock(fields));
	}

	/**
	 * Sends a native gRPC call: its HEADERS, then its message in a DATA frame that ends the
	 * request.
	 */
	void grpcCall(int stream, String method, MessageLite message, String... extraNamesAndValues)
			throws IOException {
		post(stream, "/rpcstarter.test.v1.TestService/" + method, "application/grpc", extraNamesAndValues);
		send(DATA, END_STREAM, stream, envelope(message));
	}

	void send(int type, int flags, int stream, byte[] payload) throws IOException {
		this.out.writeByte(payload.length >>> 16);
		this.out.writeShort(payload.length & 0xFFFF);
		this.out.writeByte(type);
		this.out.writeByte(flags);
		this.out.writeInt(stream);
		this.out.write(payload);
		this.out.flush();
	}

	void reset(int stream, int code) throws IOException {
		send(RST_STREAM, 0, stream, new byte[] { 0, 0, 0, (byte) code });
	}

	/**
	 * Reads the server's frames up to the first that matches, or until the server closes
	 * the connection.
	 * @param last the frame to stop after
	 * @return the frames read, the last one matching unless the connection ended first
	 */
	List<Frame> readUntil(Predicate<Frame> last) throws IOException {
		List<Frame> frames = new ArrayList<>();
		try {
			Frame frame;
			do {
				frame = read();
				frames.add(frame);
			}
			while (!last.test(frame));
		}
		catch (EOFException | SocketTimeoutException ex) {
			// The server closed the connection, or sent nothing more: the caller looks at
			// what did come.
		}
		return frames;
	}

	private Frame read() throws IOException {
		int length = (this.in.readUnsignedByte() << 16) | this.in.readUnsignedShort();
		int type = this.in.readUnsignedByte();
		int flags = this.in.readUnsignedByte();
		int stream = this.in.readInt() & Integer.MAX_VALUE;
		byte[] payload = this.in.readNBytes(length);
		if (payload.length < length) {
			throw new EOFException();
		}
		return new Frame(type, flags, stream, payload);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	static byte[] envelope(MessageLite message) {
		byte[] bytes = message.toByteArray();
		ByteArrayOutputStream envelope = new ByteArrayOutputStream();
		envelope.write(0);
		envelope.writeBytes(new byte[] { (byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
				(byte) (bytes.length >>> 8), (byte) bytes.length });
		envelope.writeBytes(bytes);
		return envelope.toByteArray();
	}

	/** HPACK literal fields without indexing, names and values shorter than 127 bytes. */
	private static byte[] headerBlock(List<String> namesAndValues) {
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		for (int i = 0; i < namesAndValues.size(); i++) {
			if (i % 2 == 0) {
				block.write(0);
			}
			byte[] string = namesAndValues.get(i).getBytes(StandardCharsets.US_ASCII);
			block.write(string.length);
			block.writeBytes(string);
		}
		return block.toByteArray();
	}

	/** A frame the server sent. */
	record Frame(int type, int flags, int stream, byte[] payload) {

		boolean endsStream(int id) {
			return this.stream == id && (this.type == HEADERS || this.type == DATA)
					&& (this.flags & END_STREAM) != 0;
		}

		/** The increment of a WINDOW_UPDATE frame. */
		int windowIncrement() {
			return readInt(0) & Integer.MAX_VALUE;
		}

		/** The error code of a GOAWAY frame, after its last stream id. */
		int goAwayCode() {
			return readInt(4);
		}

		private int readInt(int offset) {
			return ((this.payload[offset] & 0xff) << 24) | ((this.payload[offset + 1] & 0xff) << 16)
					| ((this.payload[offset + 2] & 0xff) << 8) | (this.payload[offset + 3] & 0xff);
		}

	}

}
