package dev.rpcstarter.client.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

import com.google.common.util.concurrent.ListenableFuture;
import com.sun.net.httpserver.HttpServer;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A response is read on to the end of its body before the call ends, so that the transport
 * never resets a stream the server has finished; a stream's body that goes on after its
 * end-of-stream message is an error.
 */
class ResponseBodyEndTests {

	private HttpServer server;

	private volatile byte[] afterTheEnd;

	private final CountDownLatch gzipMessageSent = new CountDownLatch(1);

	private final CountDownLatch endGzipBody = new CountDownLatch(1);

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			body.writeBytes(new Envelope(0, EchoResponse.newBuilder().setMessage("one").build().toByteArray()).toBytes());
			body.writeBytes(new Envelope(Envelope.CONNECT_END_STREAM, "{}".getBytes(StandardCharsets.UTF_8)).toBytes());
			body.writeBytes(this.afterTheEnd);
			exchange.getResponseHeaders().set("Content-Type", "application/connect+proto");
			exchange.sendResponseHeaders(200, body.size());
			exchange.getResponseBody().write(body.toByteArray());
			exchange.close();
		});
		this.server.createContext("/rpcstarter.test.v1.TestService/Echo", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().set("Content-Type", "application/proto");
			exchange.getResponseHeaders().set("Content-Encoding", "gzip");
			exchange.sendResponseHeaders(200, 0);
			ByteArrayOutputStream gzip = new ByteArrayOutputStream();
			try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
				out.write(EchoResponse.newBuilder().setMessage("zipped").build().toByteArray());
			}
			exchange.getResponseBody().write(gzip.toByteArray());
			exchange.getResponseBody().flush();
			this.gzipMessageSent.countDown();
			try {
				this.endGzipBody.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.endGzipBody.countDown();
		this.server.stop(0);
	}

	@Test
	void streamThatEndsAfterItsEndOfStreamMessageSucceeds() {
		this.afterTheEnd = new byte[0];
		ManagedChannel channel = channel();
		try {
			Iterator<EchoResponse> responses = TestServiceGrpc.newBlockingStub(channel)
				.serverStream(StreamRequest.getDefaultInstance());
			assertThat(responses.next().getMessage()).isEqualTo("one");
			assertThat(responses.hasNext()).isFalse();
		}
		finally {
			channel.shutdownNow();
		}
	}

	@Test
	void bytesAfterTheEndOfStreamMessageFailTheCall() {
		this.afterTheEnd = "more".getBytes(StandardCharsets.UTF_8);
		ManagedChannel channel = channel();
		try {
			Iterator<EchoResponse> responses = TestServiceGrpc.newBlockingStub(channel)
				.serverStream(StreamRequest.getDefaultInstance());
			assertThat(responses.next().getMessage()).isEqualTo("one");
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(responses::hasNext)
				.satisfies((error) -> {
					assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(error.getStatus().getDescription())
						.contains("the response body goes on after its end-of-stream message");
				});
		}
		finally {
			channel.shutdownNow();
		}
	}

	@Test
	void gzipUnaryResponseIsReadOnToTheEndOfItsBody() throws Exception {
		ManagedChannel channel = channel();
		try {
			ListenableFuture<EchoResponse> call = TestServiceGrpc.newFutureStub(channel)
				.echo(EchoRequest.newBuilder().setMessage("zip").build());
			assertThat(this.gzipMessageSent.await(5, TimeUnit.SECONDS)).isTrue();
			// The whole gzip message is in, but the body has not ended yet.
			assertThatThrownBy(() -> call.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
			this.endGzipBody.countDown();
			assertThat(call.get(5, TimeUnit.SECONDS).getMessage()).isEqualTo("zipped");
		}
		finally {
			channel.shutdownNow();
		}
	}

	private ManagedChannel channel() {
		return ConnectChannel.create(URI.create("http://localhost:" + this.server.getAddress().getPort()),
				RpcProtocol.CONNECT, Codec.PROTO);
	}

}
