package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WriteTurns} on a real HTTP/2 connection whose flow-control window is spent: of the
 * calls whose requests do not fit, one waits for window inside OkHttp and the others wait for
 * their turn, instead of all of them waiting on OkHttp's connection.
 *
 * <p>The server speaks just enough HTTP/2 to be one: it sends its (empty) SETTINGS frame, then
 * takes in every byte and never answers, so the connection's window (HTTP/2's initial 64 KiB),
 * once spent, never comes back.
 */
class WriteTurnsOverHttp2Tests {

	private static final int CALLS = 10;

	/** Six such requests fit in the window, the seventh only in part. */
	private static final int REQUEST_BYTES = 10_000;

	private ServerSocket server;

	private ConnectChannel channel;

	@BeforeEach
	void start() throws Exception {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptAndNeverAnswer, "silent-http2-server");
		acceptor.setDaemon(true);
		acceptor.start();
		URI baseUri = URI.create("http://127.0.0.1:" + this.server.getLocalPort());
		this.channel = ConnectChannel.builder(RpcProtocol.CONNECT, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(baseUri)))
			.httpVersion(HttpVersion.HTTP_2)
			.build();
	}

	@AfterEach
	void stop() throws Exception {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.close();
	}

	@Test
	void onlyOneOfTheCallsThatFoundNoWindowWaitsForItInsideOkHttp() throws Exception {
		TestServiceGrpc.TestServiceFutureStub stub = TestServiceGrpc.newFutureStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS);
		EchoRequest request = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(new byte[REQUEST_BYTES])).build();
		List<ListenableFuture<EchoResponse>> calls = new ArrayList<>();
		for (int i = 0; i < CALLS; i++) {
			calls.add(stub.echo(request));
		}

		// Read once the four have settled: a thread on its way into OkHttp's wait may still
		// show in WriteTurns for a moment, on a busy machine.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		List<Long> waiting = waiting();
		List<Long> previous = List.of();
		while ((waiting.get(0) + waiting.get(1) < 4 || !waiting.equals(previous)) && System.nanoTime() < deadline) {
			Thread.sleep(50);
			previous = waiting;
			waiting = waiting();
		}
		assertThat(waiting).as("threads waiting for window inside OkHttp, for their turn").containsExactly(1L, 3L);
		calls.forEach((call) -> call.cancel(true));
	}

	private void acceptAndNeverAnswer() {
		try (Socket socket = this.server.accept()) {
			// An empty SETTINGS frame: length 0, type 4, no flags, stream 0.
			socket.getOutputStream().write(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 });
			socket.getInputStream().transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			// The test closed the server.
		}
	}

	private static List<Long> waiting() {
		return List.of(waitingForWindow(), waitingForTurn());
	}

	/** Threads that wait on OkHttp's connection for flow-control window. */
	private static long waitingForWindow() {
		return threadsWaitingIn("okhttp3.internal.http2.Http2Connection", "writeData");
	}

	private static long waitingForTurn() {
		return threadsWaitingIn(WriteTurns.class.getName(), "await");
	}

	private static long threadsWaitingIn(String className, String methodName) {
		return Thread.getAllStackTraces()
			.values()
			.stream()
			.filter((stack) -> Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().equals(className) && frame.getMethodName().equals(methodName)))
			.count();
	}

}
