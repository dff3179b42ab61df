package dev.rpcstarter.server.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.testservice.TestApplication;
import dev.rpcstarter.testservice.TestServiceImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that misbehave on a raw HTTP/1.1 connection: one that stops reading a large stream,
 * and one that goes away in the middle of it.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "grpc.server.port=0")
class SlowAndVanishingClientTests {

	private static final int MESSAGE_SIZE = 64 * 1024;

	@LocalServerPort
	private int port;

	@Autowired
	private TestServiceImpl service;

	@Test
	void clientThatStopsReadingHoldsTheServiceBackInsteadOfFillingMemory() throws Exception {
		this.service.resetStreamCancelled();
		try (Socket socket = open(WireVariant.CONNECT_PROTO, StreamRequest.newBuilder().setMessage("big").setCount(5000).setPayloadSize(MESSAGE_SIZE).build())) {
			socket.getInputStream().readNBytes(1024); // read the headers and a little, then stop
			Thread.sleep(2000);
			int sentWhileStalled = this.service.streamMessagesSent();
			Thread.sleep(1000);

			// 5000 messages are 320 MiB; what got out is bounded by socket buffers, not by the stream.
			assertThat(sentWhileStalled).isLessThan(400);
			assertThat(this.service.streamMessagesSent()).as("the service is blocked, not producing")
				.isLessThanOrEqualTo(sentWhileStalled + 1);
		}
		assertThat(this.service.awaitStreamCancelled(10_000)).as("closing the connection cancelled the call").isTrue();
	}

	@Test
	void clientThatDisconnectsMidStreamCancelsTheServiceContext() throws Exception {
		this.service.resetStreamCancelled();
		try (Socket socket = open(WireVariant.CONNECT_PROTO, StreamRequest.newBuilder().setMessage("tick").setCount(10_000)
			.setInterval(com.google.protobuf.Duration.newBuilder().setNanos(10_000_000))
			.build())) {
			InputStream in = socket.getInputStream();
			assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
		}
		assertThat(this.service.awaitStreamCancelled(10_000)).isTrue();
	}

	/**
	 * A service that streams from a thread of its own finds out about a vanished client from
	 * a failed write on that thread, while the container reports the same error on one of its
	 * threads: the call must end there without an error dispatch, which would reach Spring
	 * Boot's {@code /error} page and log that it cannot render into the started response.
	 * Several rounds, since the two threads race.
	 */
	@ParameterizedTest
	@EnumSource(value = WireVariant.class, names = { "CONNECT_PROTO", "GRPC_WEB_PROTO" })
	void clientThatDisconnectsWhileTheServiceStreamsFromItsOwnThreadIsCancelledQuietly(WireVariant wire,
			CapturedOutput output) throws Exception {
		StreamRequest request = StreamRequest.newBuilder().setMessage("tick").setCount(10_000)
			.setInterval(com.google.protobuf.Duration.newBuilder().setNanos(5_000_000))
			.setSendFromOwnThread(true)
			.build();
		for (int round = 0; round < 8; round++) {
			this.service.resetStreamCancelled();
			try (Socket socket = open(wire, request)) {
				assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
					.isEqualTo("HTTP/1.1 200");
			}
			assertThat(this.service.awaitStreamCancelled(10_000)).isTrue();
		}
		Thread.sleep(500); // an error dispatch would follow the cancellation within milliseconds
		assertThat(output).doesNotContain("No converter").doesNotContain(" WARN ").doesNotContain(" ERROR ");
	}

	/** Sends a server-streaming request by hand, leaving the response unread. */
	private Socket open(WireVariant wire, StreamRequest request) throws Exception {
		byte[] body = StreamingCall.envelopes(wire, List.of(request));
		Socket socket = new Socket("localhost", this.port);
		socket.setReceiveBufferSize(64 * 1024);
		OutputStream out = socket.getOutputStream();
		out.write(("POST /rpcstarter.test.v1.TestService/ServerStream HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: " + wire.contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.write(body);
		out.flush();
		return socket;
	}

}
