package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away over h2c while it sends a request leaves nothing behind for the
 * streams after it: Tomcat hands the request objects of finished streams to new ones, and a
 * request left in async mode on such a failure reached the next stream unrecycled, which then
 * got no answer.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class Http2VanishingClientTests {

	private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final int DATA = 0;

	private static final int HEADERS = 1;

	private static final int SETTINGS = 4;

	private static final int END_HEADERS = 0x4;

	@LocalServerPort
	private int port;

	@Test
	void callsAfterClientsThatVanishedMidRequestAreAnswered() throws Exception {
		for (int i = 0; i < 5; i++) {
			sendHalfARequestAndVanish();
		}
		ManagedChannel channel = ConnectChannel.create(URI.create("http://localhost:" + this.port),
				RpcProtocol.CONNECT, Codec.PROTO, HttpVersion.HTTP_2);
		try {
			TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(channel);
			for (int i = 0; i < 20; i++) {
				EchoRequest request = EchoRequest.newBuilder().setMessage("after " + i).build();
				assertThat(stub.withDeadlineAfter(5, TimeUnit.SECONDS).echo(request).getMessage())
					.isEqualTo("after " + i);
			}
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * Opens an h2c connection, starts a unary call whose body never comes in full, and closes
	 * the connection once the service's request thread is waiting for the rest of the body.
	 */
	private void sendHalfARequestAndVanish() throws Exception {
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(PREFACE);
			out.write(frame(SETTINGS, 0, 0, new byte[0]));
			out.write(frame(HEADERS, END_HEADERS, 1,
					headerBlock(":method", "POST", ":scheme", "http", ":path", "/rpcstarter.test.v1.TestService/Echo",
							":authority", "localhost:" + this.port, "content-type", "application/proto",
							"connect-protocol-version", "1", "content-length", "100")));
			out.write(frame(DATA, 0, 1, new byte[10]));
			out.flush();
			Thread.sleep(300);
		}
	}

	private static byte[] frame(int type, int flags, int stream, byte[] payload) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream frame = new DataOutputStream(bytes);
		frame.writeByte(payload.length >>> 16);
		frame.writeShort(payload.length & 0xFFFF);
		frame.writeByte(type);
		frame.writeByte(flags);
		frame.writeInt(stream);
		frame.write(payload);
		return bytes.toByteArray();
	}

	/** HPACK literal fields without indexing, names and values shorter than 127 bytes. */
	private static byte[] headerBlock(String... namesAndValues) {
		ByteArrayOutputStream block = new ByteArrayOutputStream();
		block.write(0);
		for (int i = 0; i < namesAndValues.length; i++) {
			if (i > 0 && i % 2 == 0) {
				block.write(0);
			}
			byte[] string = namesAndValues[i].getBytes(StandardCharsets.US_ASCII);
			block.write(string.length);
			block.writeBytes(string);
		}
		return block.toByteArray();
	}

}
