package dev.rpcstarter.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.Duration;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.rpcstarter.server.http.RawHttp2Connection.CANCEL;
import static dev.rpcstarter.server.http.RawHttp2Connection.DATA;
import static dev.rpcstarter.server.http.RawHttp2Connection.END_STREAM;
import static dev.rpcstarter.server.http.RawHttp2Connection.GOAWAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A defect of Tomcat's HTTP/2 (10.1.48 and 10.1.50) that the starter cannot work around,
 * pinned here so that the Tomcat upgrade that mends it fails this test, and protocols.md
 * ("A DATA frame after the client's reset") gets updated with it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class TomcatHttp2DefectTests {

	/** GOAWAY's code for a protocol error. */
	private static final int PROTOCOL_ERROR = 0x1;

	@LocalServerPort
	private int port;

	/**
	 * grpc-java sends a request's DATA frame after its reset when the call's deadline passes
	 * while it still connects. Tomcat refuses the frame without reading its payload, reads that
	 * payload as the next frame's header, and closes the connection, with every call on it.
	 */
	@Test
	void dataFrameAfterTheClientsResetClosesTheConnection() throws Exception {
		try (RawHttp2Connection connection = new RawHttp2Connection(this.port, 0)) {
			connection.post(1, "/rpcstarter.test.v1.TestService/Sleep", "application/grpc");
			connection.reset(1, CANCEL);
			connection.send(DATA, END_STREAM, 1, RawHttp2Connection.envelope(
					SleepRequest.newBuilder().setDuration(Duration.newBuilder().setSeconds(10)).build()));
			connection.grpcCall(3, "Echo", EchoRequest.newBuilder().setMessage("after").build());

			List<RawHttp2Connection.Frame> frames = connection
				.readUntil((frame) -> frame.endsStream(3) || frame.type() == GOAWAY);
			RawHttp2Connection.Frame last = frames.get(frames.size() - 1);

			assertThat(last.type()).as("the last frame the server sent").isEqualTo(GOAWAY);
			assertThat(last.goAwayCode()).isEqualTo(PROTOCOL_ERROR);
			String debugData = new String(Arrays.copyOfRange(last.payload(), 8, last.payload().length),
					StandardCharsets.UTF_8);
			assertThat(debugData).contains("has been closed for some time");
		}
	}

}
