package dev.rpcstarter.server.http;

import java.net.URI;
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
		try (RawHttp2Connection connection = new RawHttp2Connection(this.port, 0)) {
			connection.post(1, "/rpcstarter.test.v1.TestService/Echo", "application/proto",
					"connect-protocol-version", "1", "content-length", "100");
			connection.send(RawHttp2Connection.DATA, 0, 1, new byte[10]);
			Thread.sleep(300);
		}
	}

}
