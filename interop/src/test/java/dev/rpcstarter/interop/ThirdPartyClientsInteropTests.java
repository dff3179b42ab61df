package dev.rpcstarter.interop;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.interop.service.InteropServiceImpl;
import dev.rpcstarter.interop.service.RecordedRequests.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that nobody here wrote (connect-node, grpc-js, buf curl, grpc-web) call the interop service
 * over every protocol, codec and HTTP version they support, on the web port (the HTTP bridge)
 * and, for reference, on the gRPC port. Each test runs one scenario with every client that
 * can run it ({@link ClientsFor}).
 */
class ThirdPartyClientsInteropTests extends InteropServer {

	private static final String ECHO_HEADER = "echo-value";

	/** Bytes 0, 1, 2, 254, 255 in unpadded base64, as the scripts send them. */
	private static final byte[] ECHO_BIN = { 0, 1, 2, (byte) 254, (byte) 255 };

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.UNARY)
	void unaryCallEchoesTheTextOverTheClientsHttpVersion(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.UNARY);

		assertNoError(outcome);
		assertThat(texts(outcome)).containsExactly("hello");
		assertArrivedAsDeclared(client, "Echo");
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.SERVER_STREAM)
	void serverStreamDeliversEveryMessageInOrder(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.SERVER_STREAM);

		assertNoError(outcome);
		assertThat(outcome.get("messages").findValuesAsText("number")).containsExactly("1", "2", "3");
		assertArrivedAsDeclared(client, "Count");
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.CLIENT_STREAM)
	void clientStreamIsAnsweredOnceWithEveryMessageJoined(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.CLIENT_STREAM);

		assertNoError(outcome);
		assertThat(texts(outcome)).containsExactly("a".repeat(64) + "," + "b".repeat(64) + "," + "c".repeat(64));
		assertArrivedAsDeclared(client, "Join");
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.BIDI)
	void fullDuplexBidiAnswersEachMessageBeforeTheClientSendsTheNext(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.BIDI);

		assertNoError(outcome);
		assertThat(texts(outcome)).containsExactly("ping".repeat(16), "pong".repeat(16), "done".repeat(16));
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.BIDI_HALF_DUPLEX)
	void halfDuplexBidiAnswersEveryMessageAfterTheClientHalfCloses(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.BIDI_HALF_DUPLEX);

		assertNoError(outcome);
		assertThat(texts(outcome)).containsExactly("ping".repeat(16), "pong".repeat(16), "done".repeat(16));
		assertArrivedAsDeclared(client, "Chat");
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.TINY_CLIENT_STREAM)
	void clientStreamOfOneLetterMessagesIsAnswered(ThirdPartyClient client) throws Exception {
		// One tiny DATA frame per message is legitimate HTTP/2, however much it looks like a flood.
		JsonNode outcome = run(client, Scenario.TINY_CLIENT_STREAM);

		assertNoError(outcome);
		assertThat(texts(outcome)).containsExactly("a,b,c");
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.ERROR)
	void errorArrivesWithItsCodeMessageAndErrorInfoDetail(ThirdPartyClient client) throws Exception {
		JsonNode error = run(client, Scenario.ERROR).get("error");

		assertThat(error).as("error").isNotNull();
		assertThat(error.get("code").asText()).isEqualTo("failed_precondition");
		assertThat(error.get("message").asText()).isEqualTo("interop failure");
		assertThat(error.get("details")).singleElement().satisfies((detail) -> {
			assertThat(detail.get("type").asText()).isEqualTo("google.rpc.ErrorInfo");
			ErrorInfo info = ErrorInfo.parseFrom(Base64.getDecoder().decode(detail.get("value").asText()));
			assertThat(info.getReason()).isEqualTo("INTEROP_REASON");
			assertThat(info.getDomain()).isEqualTo(InteropServiceImpl.ERROR_DOMAIN);
		});
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.METADATA)
	void requestMetadataComesBackAsResponseHeadersAndTrailer(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.METADATA);

		assertNoError(outcome);
		JsonNode headers = outcome.get("headers");
		assertThat(headers.path("x-echo").asText()).isEqualTo(ECHO_HEADER);
		assertThat(Base64.getDecoder().decode(headers.path("x-echo-bin").asText())).isEqualTo(ECHO_BIN);
		if (showsTrailers(client)) {
			assertThat(outcome.get("trailers").path("x-echo-trailer").asText()).isEqualTo(ECHO_HEADER);
		}
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.DEADLINE)
	void deadlineThatPassesEndsTheCallWithDeadlineExceededAndCancelsTheService(ThirdPartyClient client)
			throws Exception {
		this.service.forgetCancelledCalls();

		JsonNode outcome = run(client, Scenario.DEADLINE);

		assertThat(outcome.path("error").path("code").asText()).isEqualTo("deadline_exceeded");
		assertThat(outcome.get("elapsedMillis").asLong()).isLessThan(3000);
		assertThat(this.service.awaitCancelledCall(5000)).as("the service saw its call cancelled").isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.GET)
	void connectGetCallsTheSideEffectFreeMethodWithoutABody(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.GET);

		assertNoError(outcome);
		assertThat(texts(outcome)).containsExactly("hello");
		RecordedRequest request = this.recordedRequests.last("Lookup");
		assertThat(request.httpMethod()).isEqualTo("GET");
		assertThat(request.httpVersion()).isEqualTo(client.servletHttpVersion());
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.GZIP)
	void gzipCompressesTheRequestAndTheResponse(ThirdPartyClient client) throws Exception {
		JsonNode outcome = run(client, Scenario.GZIP);

		assertNoError(outcome);
		assertThat(texts(outcome)).containsExactly("compress me ".repeat(400));
		if (client.callsWebPort()) {
			assertThat(this.recordedRequests.last("Echo").messageEncoding()).isEqualTo("gzip");
		}
		// grpc-js hides grpc-encoding; net.devh's gRPC server does not compress unless told to.
		if (client.callsWebPort() && client.library() != ThirdPartyClient.Library.GRPC_JS) {
			JsonNode headers = outcome.get("headers");
			String encoding = headers.path(client.protocol().equals("connect") ? "content-encoding" : "grpc-encoding")
				.asText();
			assertThat(encoding).as("response encoding in %s", headers).isEqualTo("gzip");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ClientsFor(Scenario.CANCEL)
	void clientThatCancelsMidStreamStopsTheServiceAndTheNextCallSucceeds(ThirdPartyClient client) throws Exception {
		this.service.forgetCancelledCalls();

		JsonNode outcome = run(client, Scenario.CANCEL);

		assertThat(outcome.get("messages").findValuesAsText("number")).containsExactly("1", "2");
		assertThat(outcome.path("error").path("code").asText()).isIn("canceled", "cancelled");
		assertThat(this.service.awaitCancelledCall(5000)).as("the service saw its stream cancelled").isTrue();
		assertThat(outcome.path("followUp").path("text").asText()).isEqualTo("after cancel");
	}

	/** buf curl prints HTTP trailers and Connect unary's trailer- headers, not trailers inside a body. */
	private static boolean showsTrailers(ThirdPartyClient client) {
		return client.library() != ThirdPartyClient.Library.BUF_CURL || !client.protocol().equals("grpcweb");
	}

	private void assertArrivedAsDeclared(ThirdPartyClient client, String method) {
		if (client.callsWebPort()) {
			RecordedRequest request = this.recordedRequests.last(method);
			assertThat(request.httpVersion()).as("HTTP version of the request").isEqualTo(client.servletHttpVersion());
			if (client.library() == ThirdPartyClient.Library.GRPC_WEB_JS
					|| client.library() == ThirdPartyClient.Library.GRPC_WEB_IN_CHROMIUM) {
				// The point of this client: base64 bodies in its text mode.
				assertThat(request.contentType()).isEqualTo(client.protocol().equals("grpc-web-text")
						? "application/grpc-web-text" : "application/grpc-web+proto");
			}
		}
	}

	private static void assertNoError(JsonNode outcome) {
		assertThat(outcome.get("error")).as("error in %s", outcome).isNull();
	}

	private static List<String> texts(JsonNode outcome) {
		return outcome.get("messages").findValuesAsText("text");
	}

}
