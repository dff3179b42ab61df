package dev.rpcstarter.interop;

import java.util.Arrays;
import java.util.Optional;

/**
 * Server bugs that third-party clients revealed, and which client runs meet them. The
 * interop tests leave these runs out of the passing suite; {@code KnownServerBugsInteropTests}
 * holds them, disabled until the server is fixed.
 */
enum KnownServerBug {

	/**
	 * The bridge reads request envelopes with {@code InputStream.readNBytes}, which after the
	 * last byte of a message calls {@code read(buf, n, 0)}; Tomcat's request stream blocks on
	 * that until more data (or the end) arrives, so every request message reaches the service
	 * only when the next one does. A client that waits for an answer before it sends on never
	 * gets one.
	 */
	REQUEST_MESSAGE_HELD_UNTIL_THE_NEXT_ARRIVES {
		@Override
		boolean isMetBy(ThirdPartyClient client, Scenario scenario) {
			return scenario == Scenario.BIDI && client.callsWebPort();
		}
	},

	/**
	 * An immediate gRPC error on the web port goes out as a HEADERS frame carrying
	 * {@code grpc-status} but without END_STREAM, followed by RST_STREAM(NO_ERROR): grpc-js
	 * reports {@code internal: Received RST_STREAM with code 0} instead of the error.
	 */
	TRAILERS_ONLY_RESPONSE_WITHOUT_END_STREAM {
		@Override
		boolean isMetBy(ThirdPartyClient client, Scenario scenario) {
			return scenario == Scenario.ERROR && client == ThirdPartyClient.GRPC_JS_HTTP2;
		}
	},

	/**
	 * Tomcat's HTTP/2 overhead protection (default {@code overheadDataThreshold} 1024) closes
	 * the connection with GOAWAY ENHANCE_YOUR_CALM when a client streams messages of a few
	 * bytes each, one DATA frame per message, as connect-node and buf curl do. Three
	 * one-letter messages are 8-byte frames in binary; in JSON (17 bytes) they still pass, and
	 * grpc-js puts messages written together into one DATA frame.
	 */
	TINY_DATA_FRAMES_CLOSE_THE_CONNECTION {
		@Override
		boolean isMetBy(ThirdPartyClient client, Scenario scenario) {
			return scenario == Scenario.TINY_CLIENT_STREAM && client.codec().equals("proto")
					&& client.library() != ThirdPartyClient.Library.GRPC_JS;
		}
	};

	abstract boolean isMetBy(ThirdPartyClient client, Scenario scenario);

	static Optional<KnownServerBug> metBy(ThirdPartyClient client, Scenario scenario) {
		return Arrays.stream(values()).filter((bug) -> bug.isMetBy(client, scenario)).findFirst();
	}

}
