package dev.rpcstarter.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.BaseUriPicker;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server streams that their callers cancel while the web port is still sending to them, many
 * at once. Over h2c they share one connection: the frames the server sent before it learned of
 * a cancellation arrive after it, and the Connect transport (OkHttp) must not answer them with
 * more resets. Such bursts used to make Tomcat close the connection as an attack, failing the
 * other calls on it, and leave requests in progress in Tomcat for good (see
 * WholeFrameOutputStream). Over HTTP/1.1 a cancellation closes the stream's connection.
 */
class CancelledStreamsTests extends TestApplicationClients {

	private static final int STREAMS = 300;

	private final ExecutorService callers = Executors.newFixedThreadPool(64);

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@ParameterizedTest
	@CsvSource({ "CONNECT, HTTP_2", "GRPC_WEB, HTTP_2", "CONNECT, HTTP_1_1", "GRPC_WEB, HTTP_1_1" })
	void streamsCancelledAfterTheirFirstMessageFailNoOtherCallAndLeaveNoRequestInProgress(RpcProtocol protocol,
			HttpVersion version) throws Exception {
		ConnectChannel channel = ConnectChannel.builder(protocol, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(URI.create("http://localhost:" + this.webPort))))
			.httpVersion(version)
			.build();
		int inProgressBefore = requestsInProgress();
		try {
			TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(channel);
			List<Future<String>> firstMessages = new ArrayList<>();
			for (int i = 0; i < STREAMS; i++) {
				firstMessages.add(this.callers.submit(() -> firstMessageThenCancel(stub)));
			}
			for (Future<String> firstMessage : firstMessages) {
				assertThat(firstMessage.get(30, TimeUnit.SECONDS)).isEqualTo("tick 0");
			}
		}
		finally {
			channel.shutdown();
		}
		assertThat(channel.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
		awaitRequestsInProgressAtMost(inProgressBefore);
	}

	/**
	 * Reads the first message of a stream that the service sends as fast as the client takes
	 * it, then cancels the call.
	 */
	private static String firstMessageThenCancel(TestServiceGrpc.TestServiceBlockingStub stub) throws Exception {
		Context.CancellableContext context = Context.current().withCancellation();
		try {
			return context.call(() -> {
				Iterator<EchoResponse> stream = stub.serverStream(StreamRequest.newBuilder()
					.setMessage("tick")
					.setCount(1000)
					.setPayloadSize(2000)
					.setSendFromOwnThread(true)
					.build());
				return stream.next().getMessage();
			});
		}
		finally {
			context.cancel(null);
		}
	}

}
