package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.testservice.TestApplication;
import dev.rpcstarter.testservice.TestServiceImpl;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a streaming response reaches the client: what a service sends inside the callback
 * that delivered its request is flushed together when the callback returns, yet a message
 * sent before the service blocks in that callback still arrives while it is blocked.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "rpc.http.max-message-size=64KB", "server.http2.enabled=true" })
class StreamingFlushTests {

	private static final int LOOP_COUNT = 500;

	/** The binary Connect and gRPC-Web variants over each HTTP version. */
	static Stream<Arguments> binaryWires() {
		return Stream.of(HttpClient.Version.values())
			.flatMap((version) -> Stream.of(WireVariant.CONNECT_PROTO, WireVariant.GRPC_WEB_PROTO)
				.map((wire) -> Arguments.of(wire, version)));
	}

	@LocalServerPort
	private int port;

	@Autowired
	private TestServiceImpl service;

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("binaryWires")
	void messageSentBeforeTheServiceBlocksInItsCallbackArrivesWhileItIsBlocked(WireVariant wire,
			HttpClient.Version version) throws Exception {
		StreamRequest request = StreamRequest.newBuilder().setMessage("held").setCount(3).setWaitAfterFirst(true).build();
		HttpClient client = HttpClient.newBuilder().version(version).build();
		boolean released = false;
		InputStream stream = null;
		try {
			HttpResponse<InputStream> response = client
				.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port
						+ "/rpcstarter.test.v1.TestService/ServerStream"))
					.header("Content-Type", wire.contentType)
					.POST(HttpRequest.BodyPublishers.ofByteArray(StreamingCall.envelopes(wire, List.of(request))))
					.build(), HttpResponse.BodyHandlers.ofInputStream())
				.get(10, TimeUnit.SECONDS);
			assertThat(response.version()).isEqualTo(version);
			stream = response.body();
			DataInputStream body = new DataInputStream(stream);
			byte[] first = CompletableFuture.supplyAsync(() -> readEnvelope(body)).get(10, TimeUnit.SECONDS);
			assertThat(wire.decode(first, EchoResponse.getDefaultInstance()).getMessage()).isEqualTo("held 0");
			assertThat(this.service.streamMessagesSent()).as("the service is still blocked").isEqualTo(1);

			this.service.releaseWaitingStream();
			released = true;
			assertThat(wire.decode(readEnvelope(body), EchoResponse.getDefaultInstance()).getMessage())
				.isEqualTo("held 1");
			assertThat(wire.decode(readEnvelope(body), EchoResponse.getDefaultInstance()).getMessage())
				.isEqualTo("held 2");
			assertThat(wire.outcome(readEnvelope(body)).status().getCode()).isEqualTo(Status.Code.OK);
		}
		finally {
			if (!released) {
				this.service.releaseWaitingStream();
			}
			if (stream != null) {
				stream.close();
			}
		}
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("binaryWires")
	void messagesSentInALoopArriveCompleteAndInOrderBeforeTheEndOfStream(WireVariant wire, HttpClient.Version version)
			throws Exception {
		StreamingCall.Result result = new StreamingCall(wire, version, this.port, "ServerStream", Map.of())
			.send(StreamingCall.envelopes(wire, List.of(loop("m"))));

		assertThat(result.messages(wire, EchoResponse.getDefaultInstance())).extracting(EchoResponse::getMessage)
			.containsExactlyElementsOf(IntStream.range(0, LOOP_COUNT).mapToObj((i) -> "m " + i).toList());
		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.OK);
	}

	/**
	 * On HTTP/1.1 each flush of the response is one chunk, so the chunks count the flushes: a
	 * loop of small messages inside the callback must not cost one per message. A loop that
	 * ends within the flush delay may leave nothing flushed before the call completes; Tomcat
	 * then sends the whole response with a Content-Length, which counts as one write.
	 */
	@Test
	void messagesSentInALoopInsideTheCallbackShareFlushes() throws Exception {
		byte[] request = StreamingCall.envelopes(WireVariant.CONNECT_PROTO, List.of(loop("chunk")));
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /rpcstarter.test.v1.TestService/ServerStream HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: " + WireVariant.CONNECT_PROTO.contentType + "\r\nContent-Length: "
					+ request.length + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(readLine(in)).startsWith("HTTP/1.1 200");
			int contentLength = -1;
			for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
				if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					contentLength = Integer.parseInt(header.substring("content-length:".length()).trim());
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int chunks = 0;
			if (contentLength >= 0) {
				chunks = 1;
				body.writeBytes(in.readNBytes(contentLength));
			}
			else {
				int size;
				while ((size = Integer.parseInt(readLine(in), 16)) > 0) {
					chunks++;
					body.writeBytes(in.readNBytes(size));
					assertThat(readLine(in)).isEmpty();
				}
			}
			DataInputStream envelopes = new DataInputStream(new ByteArrayInputStream(body.toByteArray()));
			for (int i = 0; i < LOOP_COUNT; i++) {
				assertThat(WireVariant.CONNECT_PROTO.decode(readEnvelope(envelopes), EchoResponse.getDefaultInstance())
					.getMessage()).isEqualTo("chunk " + i);
			}
			assertThat(WireVariant.CONNECT_PROTO.outcome(readEnvelope(envelopes)).status().getCode())
				.isEqualTo(Status.Code.OK);
			assertThat(chunks).as("chunks for %d messages", LOOP_COUNT).isLessThan(LOOP_COUNT / 10);
		}
	}

	private static StreamRequest loop(String message) {
		return StreamRequest.newBuilder().setMessage(message).setCount(LOOP_COUNT).build();
	}

	private static byte[] readEnvelope(DataInputStream in) {
		try {
			in.readUnsignedByte();
			return in.readNBytes(in.readInt());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\n') {
			if (c < 0) {
				throw new IOException("connection closed in a line: " + line);
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

}
