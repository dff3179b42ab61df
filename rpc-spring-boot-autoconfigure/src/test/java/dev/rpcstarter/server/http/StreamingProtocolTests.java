package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.protobuf.Duration;
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

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("everyWire")
	void compressedFlagWithoutDeclaredEncodingIsAnError(WireVariant wire, HttpClient.Version version) throws Exception {
		byte[] payload = Compression.gzip(wire.encode(EchoRequest.newBuilder().setMessage("x").build()));
		StreamingCall.Result result = call(wire, version, "BidiStream", Map.of()).send(StreamingCall.envelope(1, payload));

		assertThat(result.outcome.status().getCode()).isEqualTo(Status.Code.INTERNAL);
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

	private static StreamRequest stream(String message, int count, int intervalMillis, String failCode) {
		return StreamRequest.newBuilder()
			.setMessage(message)
			.setCount(count)
			.setInterval(Duration.newBuilder().setNanos(intervalMillis * 1_000_000))
			.setFailCode(failCode)
			.build();
	}

}
