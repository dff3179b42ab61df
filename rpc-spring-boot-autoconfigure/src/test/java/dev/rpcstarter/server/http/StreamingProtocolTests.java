package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.testservice.TestApplication;
import dev.rpcstarter.testservice.TestServiceImpl;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One suite, run for every streaming protocol and codec (Connect proto and JSON, gRPC-Web
 * proto, JSON and text) over HTTP/1.1 and HTTP/2 (h2c) against a real server on a random port.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "rpc.http.max-message-size=64KB", "server.http2.enabled=true" })
class StreamingProtocolTests {

	/** Every protocol and codec, over each HTTP version. */
	static Stream<Arguments> everyWire() {
		return Stream.of(HttpClient.Version.values())
			.flatMap((version) -> Stream.of(WireVariant.values()).map((wire) -> Arguments.of(wire, version)));
	}

	static Stream<Arguments> grpcWeb() {
		return everyWire().filter((args) -> ((WireVariant) args.get()[0]).family == WireVariant.Family.GRPC_WEB);
	}

	static Stream<Arguments> connect() {
		return everyWire().filter((args) -> ((WireVariant) args.get()[0]).family == WireVariant.Family.CONNECT);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private TestServiceImpl service;

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void serverStreamSendsEveryMessageThenOkWithTrailers(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "ServerStream", Map.of())
			.send(StreamingCall.envelopes(wire, List.of(stream("tick", 3, 0, ""))));

		assertThat(result.response.statusCode()).isEqualTo(200);
		assertThat(result.response.headers().firstValue("content-type")).hasValue(wire.contentType);
		assertThat(result.messages(wire, EchoResponse.getDefaultInstance())).extracting(EchoResponse::getMessage)
			.containsExactly("tick 0", "tick 1", "tick 2");
		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.OK);
		assertThat(result.outcome.trailers()).containsEntry("x-trailer", "done");
		assertThat(result.response.headers().firstValue("x-served-by")).hasValue("test-service");
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void serverStreamErrorAfterMessagesArrivesInTheEndOfStream(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "ServerStream", Map.of())
			.send(StreamingCall.envelopes(wire, List.of(stream("tick", 2, 0, "NOT_FOUND"))));

		assertThat(result.response.statusCode()).isEqualTo(200);
		assertThat(result.messages).hasSize(2);
		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(result.outcome.status().getDescription()).isEqualTo("failed after 2");
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void clientStreamReceivesEveryMessageBeforeAnswering(WireVariant wire, HttpClient.Version version) throws Exception {
		List<EchoRequest> requests = Stream.of("a", "b", "c").map((m) -> EchoRequest.newBuilder().setMessage(m).build()).toList();
		StreamingCall.Result result = call(wire, version, "ClientStream", Map.of())
			.send(StreamingCall.envelopes(wire, requests));

		assertThat(result.messages(wire, EchoResponse.getDefaultInstance())).extracting(EchoResponse::getMessage)
			.containsExactly("a,b,c");
		assertThat(result.outcome.status().isOk()).isTrue();
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void deadlineEndsAStreamMidwayAndCancelsTheService(WireVariant wire, HttpClient.Version version) throws Exception {
		this.service.resetStreamCancelled();
		StreamingCall.Result result = call(wire, version, "ServerStream", Map.of(wire.timeoutHeader(), wire.timeoutValue(300)))
			.send(StreamingCall.envelopes(wire, List.of(stream("slow", 100, 50, ""))));

		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(result.messages.size()).isBetween(1, 20);
		assertThat(this.service.awaitStreamCancelled(3000)).as("the service saw its context cancelled").isTrue();
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void gzipMessagesAreReadAndLargeResponsesCompressedWhenAccepted(WireVariant wire, HttpClient.Version version) throws Exception {
		String text = "zip ".repeat(1000);
		byte[] payload = Compression.gzip(wire.encode(EchoRequest.newBuilder().setMessage(text).build()));
		StreamingCall.Result result = call(wire, version, "BidiStream",
				Map.of(wire.encodingHeader(), "gzip", wire.acceptEncodingHeader(), "gzip"))
			.send(StreamingCall.envelope(1, payload));

		assertThat(result.outcome.status().isOk()).isTrue();
		assertThat(result.messageFlags).containsExactly(1);
		assertThat(result.messages(wire, EchoResponse.getDefaultInstance()).get(0).getMessage()).isEqualTo(text);
	}

	// Conformance: "Connect/gRPC-Web Unexpected Requests", unexpected-compressed-message (the
	// stream declares identity); the same answer when it declares nothing.
	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void compressedFlagWithoutDeclaredEncodingIsAnError(WireVariant wire, HttpClient.Version version) throws Exception {
		byte[] payload = Compression.gzip(wire.encode(EchoRequest.newBuilder().setMessage("x").build()));
		for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of(wire.encodingHeader(), "identity"))) {
			StreamingCall.Result result = call(wire, version, "BidiStream", headers).send(StreamingCall.envelope(1, payload));

			assertThat(result.outcome.status().getCode()).as(headers.toString()).isEqualTo(Status.Code.INTERNAL);
		}
	}

	// Conformance: "Connect/gRPC-Web Unexpected Requests", server-stream/no-request and
	// server-stream/multiple-requests.
	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void serverStreamWithoutOrWithTwoRequestMessagesIsUnimplemented(WireVariant wire, HttpClient.Version version)
			throws Exception {
		assertNoneOrTwoRequestsAreUnimplemented(wire, version, "ServerStream", stream("again", 1, 0, ""));
	}

	// Conformance: "gRPC-Web Unexpected Requests", unary/no-request and unary/multiple-requests.
	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("grpcWeb")
	void unaryWithoutOrWithTwoRequestMessagesIsUnimplemented(WireVariant wire, HttpClient.Version version) throws Exception {
		assertNoneOrTwoRequestsAreUnimplemented(wire, version, "Echo", EchoRequest.newBuilder().setMessage("again").build());
	}

	// Conformance: "Server Empty Requests", client-stream/, server-stream/ and
	// bidi-stream/half-duplex/empty-request: a zero-byte message is a message, not a missing one.
	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void emptyRequestMessageIsAMessage(WireVariant wire, HttpClient.Version version) throws Exception {
		byte[] empty = StreamingCall.envelopes(wire, List.of(EchoRequest.getDefaultInstance()));
		StreamingCall.Result serverStream = call(wire, version, "ServerStream", Map.of())
			.send(StreamingCall.envelopes(wire, List.of(StreamRequest.getDefaultInstance())));
		StreamingCall.Result clientStream = call(wire, version, "ClientStream", Map.of()).send(empty);
		StreamingCall.Result bidiStream = call(wire, version, "BidiStream", Map.of()).send(empty);

		assertThat(serverStream.outcome.status().isOk()).isTrue();
		assertThat(serverStream.messages).isEmpty();
		assertThat(clientStream.outcome.status().isOk()).isTrue();
		assertThat(clientStream.messages(wire, EchoResponse.getDefaultInstance())).containsExactly(EchoResponse.getDefaultInstance());
		assertThat(bidiStream.outcome.status().isOk()).isTrue();
		assertThat(bidiStream.messages).hasSize(1);
	}

	// Conformance: "Server Message Size", */request-equal-to-server-limit and
	// client-stream/subsequent-request-exceeds-server-limit (the limit here is 64 KB).
	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void messageAtTheSizeLimitIsServedAndALaterOneOverItIsResourceExhausted(WireVariant wire, HttpClient.Version version)
			throws Exception {
		int limit = 64 * 1024;
		byte[] small = StreamingCall.envelopes(wire, List.of(EchoRequest.getDefaultInstance()));
		// A small call first opens the connection: the JDK client's h2c upgrade request carries
		// the body, and Tomcat upgrades only with a body it is willing to buffer.
		StreamingCall.Result belowLimit = call(wire, version, "ClientStream", Map.of()).send(small);
		StreamingCall.Result atLimit = call(wire, version, "ClientStream", Map.of())
			.send(StreamingCall.envelope(0, encodedOfSize(wire, limit)));
		ByteArrayOutputStream firstFitsSecondDoesNot = new ByteArrayOutputStream();
		firstFitsSecondDoesNot.writeBytes(small);
		firstFitsSecondDoesNot.writeBytes(StreamingCall.envelope(0, encodedOfSize(wire, limit + 1)));
		StreamingCall.Result overLimit = call(wire, version, "ClientStream", Map.of()).send(firstFitsSecondDoesNot.toByteArray());

		assertThat(belowLimit.outcome.status().isOk()).isTrue();
		assertThat(atLimit.outcome.status().isOk()).isTrue();
		assertThat(overLimit.outcome.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
	}

	// Conformance: "Connect/gRPC-Web Unexpected Requests", unexpected-verb.
	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void otherHttpMethodThanPostIsMethodNotAllowed(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "BidiStream", Map.of())
			.send("DELETE", StreamingCall.envelopes(wire, List.of(EchoRequest.getDefaultInstance())));

		assertThat(result.response.statusCode()).isEqualTo(405);
		assertThat(result.response.headers().firstValue("allow")).hasValue("POST");
	}

	// Conformance: "Connect/gRPC-Web Unexpected Requests", unexpected-uri: a gRPC-Web client reads
	// 404 as unimplemented, a Connect client reads the error JSON.
	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void unknownMethodIsNotFoundAndUnimplemented(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "NoSuchMethod", Map.of())
			.send(StreamingCall.envelopes(wire, List.of(EchoRequest.getDefaultInstance())));

		assertThat(result.response.statusCode()).isEqualTo(404);
		assertThat(new String(result.response.body(), StandardCharsets.UTF_8))
			.contains("\"code\":\"unimplemented\"");
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void unknownCompressionIsUnimplemented(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "BidiStream", Map.of(wire.encodingHeader(), "snappy"))
			.send(StreamingCall.envelopes(wire, List.of(EchoRequest.getDefaultInstance())));

		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void oversizedEnvelopeIsResourceExhaustedWithoutReadingIt(WireVariant wire, HttpClient.Version version) throws Exception {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(new byte[] { 0, 0, 1, 0, 1 }); // declares 65537 bytes, one over the 64 KB limit
		body.writeBytes(new byte[65537]);
		StreamingCall.Result result = call(wire, version, "BidiStream", Map.of()).send(body.toByteArray());

		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void truncatedEnvelopeIsInvalidArgument(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "ClientStream", Map.of())
			.send(new byte[] { 0, 0, 0, 0, 10, 1, 2, 3 });

		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void malformedMessageIsInvalidArgument(WireVariant wire, HttpClient.Version version) throws Exception {
		byte[] garbage = wire.jsonCodec ? "{\"message\":".getBytes() : new byte[] { 0x0a, (byte) 0xff };
		StreamingCall.Result result = call(wire, version, "ClientStream", Map.of()).send(StreamingCall.envelope(0, garbage));

		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void invalidTimeoutIsInvalidArgument(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "ServerStream", Map.of(wire.timeoutHeader(), "soon"))
			.send(StreamingCall.envelopes(wire, List.of(stream("x", 1, 0, ""))));

		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(result.messages).isEmpty();
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("grpcWeb")
	void grpcWebServesUnaryMethodsToo(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "Echo", Map.of())
			.send(StreamingCall.envelopes(wire, List.of(EchoRequest.newBuilder().setMessage("web").build())));

		assertThat(result.messages(wire, EchoResponse.getDefaultInstance()).get(0).getMessage()).isEqualTo("web");
		assertThat(result.outcome.status().isOk()).isTrue();
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("connect")
	void connectStreamingContentTypeOnUnaryMethodIsUnsupportedMediaType(WireVariant wire, HttpClient.Version version) throws Exception {
		StreamingCall.Result result = call(wire, version, "Echo", Map.of())
			.send(StreamingCall.envelopes(wire, List.of(EchoRequest.getDefaultInstance())));

		assertThat(result.response.statusCode()).isEqualTo(415);
	}

	private StreamingCall call(WireVariant wire, HttpClient.Version version, String method, Map<String, String> headers) {
		return new StreamingCall(wire, version, this.port, method, headers);
	}

	/** Calls a method that takes exactly one request message with none, then with two. */
	private void assertNoneOrTwoRequestsAreUnimplemented(WireVariant wire, HttpClient.Version version, String method,
			Message request) throws Exception {
		for (List<Message> requests : List.of(List.<Message>of(), List.of(request, request))) {
			StreamingCall.Result result = call(wire, version, method, Map.of()).send(StreamingCall.envelopes(wire, requests));

			assertThat(result.outcome.status().getCode()).as("%d requests", requests.size())
				.isEqualTo(Status.Code.UNIMPLEMENTED);
			assertThat(result.messages).isEmpty();
		}
	}

	/** The encoded form of a request message of exactly {@code size} bytes in the wire's codec. */
	private static byte[] encodedOfSize(WireVariant wire, int size) {
		int length = size;
		byte[] encoded = wire.encode(EchoRequest.newBuilder().setMessage("x".repeat(length)).build());
		while (encoded.length != size) {
			length -= encoded.length - size;
			encoded = wire.encode(EchoRequest.newBuilder().setMessage("x".repeat(length)).build());
		}
		return encoded;
	}

	private static StreamRequest stream(String message, int count, int intervalMillis, String failCode) {
		return StreamRequest.newBuilder()
			.setMessage(message)
			.setCount(count)
			.setInterval(Duration.newBuilder().setNanos(intervalMillis * 1_000_000))
			.setFailCode(failCode)
			.build();
	}

}
