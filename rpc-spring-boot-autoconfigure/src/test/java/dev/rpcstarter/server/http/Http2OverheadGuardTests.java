package dev.rpcstarter.server.http;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Duration;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.rpcstarter.server.http.RawHttp2Connection.CANCEL;
import static dev.rpcstarter.server.http.RawHttp2Connection.DATA;
import static dev.rpcstarter.server.http.RawHttp2Connection.END_STREAM;
import static dev.rpcstarter.server.http.RawHttp2Connection.ENHANCE_YOUR_CALM;
import static dev.rpcstarter.server.http.RawHttp2Connection.GOAWAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tomcat's guard against floods of frames, as the starter weighs it for RPC clients (see
 * {@code RpcTomcatHttp2Configuration}): what RPC clients do as a matter of course keeps the
 * connection open, the floods the guard exists for still close it. Each test opens a new
 * connection whose preface carries four settings, as grpc-java's does, since Tomcat counts
 * each setting.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class Http2OverheadGuardTests {

	private static final int GRPC_JAVA_SETTINGS = 4;

	private static final SleepRequest SLEEP_10S = SleepRequest.newBuilder()
		.setDuration(Duration.newBuilder().setSeconds(10))
		.build();

	@LocalServerPort
	private int port;

	/**
	 * grpc-java's client resets each call as its deadline passes, and Tomcat sends a reset of
	 * its own when the deadline's answer finds the stream reset. At Tomcat's own weight of a
	 * reset, the second such call in a row on a new connection closed it, and a call in
	 * flight on it failed (grpc-java reconnects for the calls after).
	 */
	@Test
	void callsPastTheirDeadlineInARowLeaveTheConnectionAndItsOtherCallsAlone() throws Exception {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", this.port).usePlaintext().build();
		try {
			TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(channel);
			// Connected first: a deadline that passes while grpc-java still connects has it send
			// the request's DATA frame after its reset, on which Tomcat closes the connection
			// (see TomcatHttp2DefectTests).
			stub.echo(EchoRequest.newBuilder().setMessage("connect").build());
			ListenableFuture<EchoResponse> inFlight = TestServiceGrpc.newFutureStub(channel).sleep(SleepRequest.newBuilder()
				.setDuration(Duration.newBuilder().setSeconds(DeadlineAnswers.HTTP2_WAIT.toSeconds() + 2))
				.build());
			for (int i = 0; i < 5; i++) {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> stub.withDeadlineAfter(50, TimeUnit.MILLISECONDS).sleep(SLEEP_10S))
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			}

			// Outlives the deadlines' answers, which go out a wait after the deadlines.
			assertThat(inFlight.get(10, TimeUnit.SECONDS).getMessage()).isEqualTo("slept");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/** A client stream of empty messages: every frame is the 5-byte envelope prefix alone. */
	@Test
	void aClientStreamOfEmptyMessagesKeepsTheConnectionOpen() throws Exception {
		try (RawHttp2Connection connection = new RawHttp2Connection(this.port, GRPC_JAVA_SETTINGS)) {
			connection.post(1, "/rpcstarter.test.v1.TestService/ClientStream", "application/grpc");
			byte[] emptyMessage = RawHttp2Connection.envelope(EchoRequest.getDefaultInstance());
			for (int i = 0; i < 500; i++) {
				connection.send(DATA, 0, 1, emptyMessage);
			}
			connection.send(DATA, END_STREAM, 1, new byte[0]);

			List<RawHttp2Connection.Frame> frames = connection
				.readUntil((frame) -> frame.endsStream(1) || frame.type() == GOAWAY);

			assertThat(frames).noneMatch((frame) -> frame.type() == GOAWAY);
			assertThat(frames.get(frames.size() - 1).endsStream(1)).isTrue();
		}
	}

	/** The HTTP/2 "rapid reset" attack: streams opened only to be reset at once. */
	@Test
	void streamsOpenedOnlyToBeResetCloseTheConnection() throws Exception {
		try (RawHttp2Connection connection = new RawHttp2Connection(this.port, GRPC_JAVA_SETTINGS)) {
			for (int stream = 1; stream < 40; stream += 2) {
				connection.post(stream, "/rpcstarter.test.v1.TestService/ClientStream", "application/grpc");
				connection.reset(stream, CANCEL);
			}

			assertThat(goAwayCode(connection)).isEqualTo(ENHANCE_YOUR_CALM);
		}
	}

	/** A flood of empty DATA frames, which cost the server a read each and the client nothing. */
	@Test
	void emptyDataFramesCloseTheConnection() throws Exception {
		try (RawHttp2Connection connection = new RawHttp2Connection(this.port, GRPC_JAVA_SETTINGS)) {
			connection.post(1, "/rpcstarter.test.v1.TestService/ClientStream", "application/grpc");
			for (int i = 0; i < 20; i++) {
				connection.send(DATA, 0, 1, new byte[0]);
			}

			assertThat(goAwayCode(connection)).isEqualTo(ENHANCE_YOUR_CALM);
		}
	}

	private static int goAwayCode(RawHttp2Connection connection) throws Exception {
		List<RawHttp2Connection.Frame> frames = connection.readUntil((frame) -> frame.type() == GOAWAY);
		RawHttp2Connection.Frame last = frames.get(frames.size() - 1);
		assertThat(last.type()).as("the last frame the server sent").isEqualTo(GOAWAY);
		return last.goAwayCode();
	}

}
