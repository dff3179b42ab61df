package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.test.v1.Color;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.FailRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import dev.rpcstarter.testservice.TestApplication;
import dev.rpcstarter.testservice.TestServiceImpl;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Connect protocol's unary calls against a real server on a random port, with a real
 * HTTP client, and the same service over gRPC for comparison.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "rpc.http.max-message-size=64KB" })
class ConnectUnaryTests {

	private static final String ECHO = "/rpcstarter.test.v1.TestService/Echo";

	private static final String LOOKUP = "/rpcstarter.test.v1.TestService/Lookup";

	private static final ObjectMapper json = new ObjectMapper();

	private static HttpClient http;

	@LocalServerPort
	private int port;

	@Autowired
	private TestApplication.GrpcPort grpcPort;

	@Autowired
	private TestServiceImpl service;

	@BeforeAll
	static void createClient() {
		http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@Test
	void jsonRequestGetsCanonicalJsonResponse() throws Exception {
		EchoRequest request = EchoRequest.newBuilder()
			.setMessage("héllo")
			.setBigNumber(9007199254740993L)
			.addTags("a")
			.addTags("b")
			.setColor(Color.COLOR_GREEN)
			.setPayload(ByteString.copyFromUtf8("bytes"))
			.putCounts("x", 3)
			.setAt(Timestamp.newBuilder().setSeconds(1700000000).setNanos(5000000))
			.build();
		HttpResponse<byte[]> response = post(ECHO, "application/json", JsonFormat.printer().print(request));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("message").asText()).isEqualTo("héllo");
		assertThat(body.get("bigNumber").asText()).isEqualTo("9007199254740993");
		assertThat(body.get("color").asText()).isEqualTo("COLOR_GREEN");
		assertThat(body.get("payload").asText()).isEqualTo(Base64.getEncoder().encodeToString("bytes".getBytes()));
		assertThat(body.get("at").asText()).isEqualTo("2023-11-14T22:13:20.005Z");
		assertThat(body.get("counts").get("x").asInt()).isEqualTo(3);
		EchoResponse.Builder parsed = EchoResponse.newBuilder();
		JsonFormat.parser().merge(new String(response.body(), StandardCharsets.UTF_8), parsed);
		assertThat(parsed.getTagsList()).containsExactly("a", "b");
	}

	@Test
	void protoRequestGetsProtoResponse() throws Exception {
		EchoRequest request = EchoRequest.newBuilder().setMessage("binary").setBigNumber(-1).build();
		HttpResponse<byte[]> response = post(ECHO, "application/proto", request.toByteArray());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/proto");
		EchoResponse echo = EchoResponse.parseFrom(response.body());
		assertThat(echo.getMessage()).isEqualTo("binary");
		assertThat(echo.getBigNumber()).isEqualTo(-1);
	}

	@Test
	void requestHeadersReachTheServiceAsMetadataAndResponseMetadataComesBackAsHeaders() throws Exception {
		String binary = Base64.getEncoder().withoutPadding().encodeToString("bin-value".getBytes());
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Connect-Protocol-Version", "1")
			.header("X-Tenant", "acme")
			.header("x-token-bin", binary)
			.POST(body("{\"echoHeaders\":[\"x-tenant\",\"x-token-bin\",\"connect-protocol-version\"]}")));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode headers = json.readTree(response.body()).get("headers");
		assertThat(headers.get("x-tenant").asText()).isEqualTo("acme");
		assertThat(headers.get("x-token-bin").asText()).isEqualTo("bin-value");
		assertThat(headers.has("connect-protocol-version")).as("protocol headers are not metadata").isFalse();
		assertThat(response.headers().firstValue("x-served-by")).hasValue("test-service");
		assertThat(response.headers().firstValue("x-security-level")).hasValue("NONE");
		assertThat(response.headers().firstValue("trailer-x-trailer")).hasValue("done");
	}

	@Test
	void statusExceptionKeepsItsCodeMessageAndDetails() throws Exception {
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Fail", "application/json",
				"{\"code\":\"NOT_FOUND\",\"message\":\"no user 42\"}");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(response.headers().firstValue("trailer-x-trailer")).hasValue("done");
		assertThat(response.headers().map()).doesNotContainKey("trailer-grpc-status-details-bin");
		JsonNode error = json.readTree(response.body());
		assertThat(error.get("code").asText()).isEqualTo("not_found");
		assertThat(error.get("message").asText()).isEqualTo("no user 42");
		JsonNode detail = error.get("details").get(0);
		assertThat(detail.get("type").asText()).isEqualTo("google.rpc.ErrorInfo");
		ErrorInfo info = ErrorInfo.parseFrom(Base64.getDecoder().decode(detail.get("value").asText()));
		assertThat(info.getReason()).isEqualTo("TEST_REASON");
	}

	@Test
	void errorMessageIsWrittenAsPlainTextWithOnlyTheEscapesJsonRequires() throws Exception {
		String message = "can't find \"ana\" <admin> in Zürich\u0007 🙂";
		FailRequest request = FailRequest.newBuilder().setCode("NOT_FOUND").setMessage(message).build();
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Fail", "application/proto",
				request.toByteArray());

		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).startsWith("{\"code\":\"not_found\",\"message\":"
				+ "\"can't find \\\"ana\\\" <admin> in Zürich\\u0007 ");
		JsonNode error = json.readTree(response.body());
		assertThat(error.get("message").asText()).isEqualTo(message);
		assertThat(ErrorInfo.parseFrom(Base64.getDecoder().decode(error.get("details").get(0).get("value").asText()))
			.getReason()).isEqualTo("TEST_REASON");
	}

	@Test
	void everyStatusCodeGetsTheSpecsHttpStatus() throws Exception {
		String[][] expected = { { "INVALID_ARGUMENT", "400", "invalid_argument" },
				{ "ALREADY_EXISTS", "409", "already_exists" }, { "PERMISSION_DENIED", "403", "permission_denied" },
				{ "RESOURCE_EXHAUSTED", "429", "resource_exhausted" }, { "CANCELLED", "499", "canceled" },
				{ "FAILED_PRECONDITION", "400", "failed_precondition" }, { "UNIMPLEMENTED", "501", "unimplemented" },
				{ "UNAVAILABLE", "503", "unavailable" }, { "UNAUTHENTICATED", "401", "unauthenticated" },
				{ "DEADLINE_EXCEEDED", "504", "deadline_exceeded" }, { "DATA_LOSS", "500", "data_loss" } };
		for (String[] row : expected) {
			HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Fail", "application/json",
					"{\"code\":\"" + row[0] + "\",\"message\":\"m\"}");
			assertThat(response.statusCode()).as(row[0]).isEqualTo(Integer.parseInt(row[1]));
			assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo(row[2]);
		}
	}

	@Test
	void exceptionFromServiceBecomesInternalWithoutItsMessage() throws Exception {
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Fail", "application/json",
				"{\"message\":\"password=hunter2\"}");

		assertThat(response.statusCode()).isEqualTo(500);
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(json.readTree(body).get("code").asText()).isEqualTo("internal");
		assertThat(body).doesNotContain("hunter2").doesNotContain("secret").doesNotContain("Exception");
	}

	@Test
	void exceptionFromServiceIsInternalOnTheGrpcPortToo() throws Exception {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", this.grpcPort.get()).usePlaintext().build();
		try {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> TestServiceGrpc.newBlockingStub(channel)
					.fail(FailRequest.newBuilder().setMessage("password=hunter2").build()))
				.satisfies((error) -> {
					assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
					assertThat(error.getStatus().getDescription()).isEqualTo("internal error");
				});
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void unaryMethodThatCompletesWithoutResponseIsAnInternalError() throws Exception {
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Forget", "application/json", "{}");

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("internal");
	}

	// Conformance: "Connect Unexpected Requests", unexpected-uri.
	@Test
	void unknownMethodOfKnownServiceIsUnimplemented() throws Exception {
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Nope", "application/json", "{}");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("unimplemented");
	}

	@Test
	void unknownServiceCalledByConnectClientIsUnimplemented() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/no.such.Service/Method"))
			.header("Content-Type", "application/json")
			.header("Connect-Protocol-Version", "1")
			.POST(body("{}")));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("unimplemented");
	}

	@Test
	void applicationEndpointsKeepTheirPaths() throws Exception {
		HttpResponse<byte[]> response = post("/api/echo", "application/json", "{\"a\":1}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("plain:{\"a\":1}");
	}

	@Test
	void getOnUnaryMethodIsMethodNotAllowed() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(ECHO)).GET());

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("allow")).hasValue("POST");
	}

	// Conformance: "Connect with GET" and "Connect Idempotency", success.
	@Test
	void getWithJsonMessageInTheQueryCallsSideEffectFreeMethod() throws Exception {
		String message = java.net.URLEncoder.encode("{\"message\":\"cached?\"}", StandardCharsets.UTF_8);
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
				uri(LOOKUP + "?connect=v1&encoding=json&message=" + message)).GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		assertThat(json.readTree(response.body()).get("message").asText()).isEqualTo("cached?");
	}

	@Test
	void getWithBase64CompressedProtoMessageIsDecoded() throws Exception {
		byte[] gzipped = Compression.gzip(EchoRequest.newBuilder().setMessage("packed").build().toByteArray());
		String message = Base64.getUrlEncoder().withoutPadding().encodeToString(gzipped);
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
				uri(LOOKUP + "?encoding=proto&base64=1&compression=gzip&message=" + message)).GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EchoResponse.parseFrom(response.body()).getMessage()).isEqualTo("packed");
	}

	@Test
	void badGetRequestsAreInvalidArgument() throws Exception {
		for (String query : new String[] { "?encoding=json", "?encoding=json&connect=v2&message=%7B%7D",
				"?encoding=proto&base64=1&message=***", "?encoding=json&message=%7B" }) {
			HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(LOOKUP + query)).GET());
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("invalid_argument");
		}
	}

	@Test
	void getWithUnknownEncodingIsUnsupportedMediaType() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(LOOKUP + "?encoding=xml&message=x")).GET());

		assertThat(response.statusCode()).isEqualTo(415);
	}

	// Conformance: "Connect Unexpected Requests", unexpected-verb.
	@Test
	void otherMethodsOnSideEffectFreeMethodAreNotAllowedWithGetListed() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(LOOKUP))
			.header("Content-Type", "application/json")
			.PUT(body("{}")));

		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("allow")).hasValue("GET, POST");
	}

	// Conformance: "Connect Unexpected Requests", unexpected-content-type.
	@Test
	void unsupportedContentTypeIsUnsupportedMediaType() throws Exception {
		HttpResponse<byte[]> textPlain = post(ECHO, "text/plain", "{}");
		HttpResponse<byte[]> latin1 = post(ECHO, "application/json; charset=iso-8859-1", "{}");

		assertThat(textPlain.statusCode()).isEqualTo(415);
		assertThat(textPlain.headers().firstValue("accept-post")).hasValueSatisfying((types) -> assertThat(types).contains("application/json", "application/proto"));
		assertThat(latin1.statusCode()).isEqualTo(415);
	}

	@Test
	void streamingMethodCalledWithUnaryContentTypeIsUnsupportedMediaType() throws Exception {
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/ServerStream", "application/json", "{}");

		assertThat(response.statusCode()).isEqualTo(415);
	}

	@Test
	void malformedJsonIsInvalidArgument() throws Exception {
		for (String bad : new String[] { "{\"message\":", "[1,2]", "{\"bigNumber\":\"x\"}", "{\"at\":\"yesterday\"}" }) {
			HttpResponse<byte[]> response = post(ECHO, "application/json", bad);
			assertThat(response.statusCode()).as(bad).isEqualTo(400);
			assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("invalid_argument");
		}
	}

	@Test
	void unknownJsonFieldsAreIgnoredAsProtobufIgnoresUnknownFields() throws Exception {
		HttpResponse<byte[]> response = post(ECHO, "application/json", "{\"message\":\"m\",\"addedLater\":1}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("message").asText()).isEqualTo("m");
	}

	@Test
	void malformedProtobufIsInvalidArgument() throws Exception {
		HttpResponse<byte[]> response = post(ECHO, "application/proto", new byte[] { (byte) 0x0a, (byte) 0xff });

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("invalid_argument");
	}

	// Conformance: "Server Message Size", unary/request-exceeds-server-limit.
	@Test
	void oversizedMessageIsResourceExhausted() throws Exception {
		String big = "{\"message\":\"" + "x".repeat(70 * 1024) + "\"}";
		HttpResponse<byte[]> plain = post(ECHO, "application/json", big);
		HttpResponse<byte[]> gzipped = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofByteArray(Compression.gzip(big.getBytes()))));

		assertThat(plain.statusCode()).isEqualTo(429);
		assertThat(json.readTree(plain.body()).get("code").asText()).isEqualTo("resource_exhausted");
		assertThat(gzipped.statusCode()).as("the limit applies after decompression").isEqualTo(429);
	}

	@Test
	void gzipRequestIsReadAndLargeResponseIsGzippedWhenAccepted() throws Exception {
		String text = "compress me ".repeat(500);
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.header("Accept-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofByteArray(Compression.gzip(("{\"message\":\"" + text + "\"}").getBytes()))));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
		byte[] body = new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes();
		assertThat(json.readTree(body).get("message").asText()).isEqualTo(text);
	}

	// Conformance: "Connect Unexpected Requests", unexpected-compression.
	@Test
	void corruptGzipIsInvalidArgumentAndUnknownCompressionIsUnimplemented() throws Exception {
		HttpResponse<byte[]> corrupt = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.POST(body("not gzip at all")));
		HttpResponse<byte[]> brotli = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "br")
			.POST(body("{}")));

		assertThat(corrupt.statusCode()).isEqualTo(400);
		assertThat(json.readTree(corrupt.body()).get("code").asText()).isEqualTo("invalid_argument");
		assertThat(json.readTree(brotli.body()).get("code").asText()).isEqualTo("unimplemented");
	}

	@Test
	void bytesAfterTheGzipDataAreInvalidArgument() throws Exception {
		// More than one read of compressed bytes, which are not another gzip member.
		byte[] more = new byte[4096];
		Arrays.fill(more, (byte) ' ');
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(Compression.gzip("{\"message\":\"packed\"}".getBytes()));
		body.writeBytes(more);
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).get("message").asText())
			.contains("bytes follow its gzip data");
	}

	// Conformance: "Timeouts", unary; also for a call that outlives the request thread.
	@ParameterizedTest(name = "answer from own thread: {0}")
	@ValueSource(booleans = { false, true })
	void timeoutHeaderBecomesDeadlineThatCancelsTheServiceContext(boolean answerFromOwnThread) throws Exception {
		this.service.resetSleepCancelled();
		long start = System.nanoTime();
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/rpcstarter.test.v1.TestService/Sleep"))
			.header("Content-Type", "application/json")
			.header("Connect-Timeout-Ms", "200")
			.POST(body("{\"duration\":\"5s\",\"answerFromOwnThread\":" + answerFromOwnThread + "}")));
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(json.readTree(response.body()).get("code").asText()).isEqualTo("deadline_exceeded");
		assertThat(elapsedMillis).isLessThan(4000);
		assertThat(this.service.awaitSleepCancelled(2000)).as("the service saw its context cancelled").isTrue();
	}

	@Test
	void callAnsweredFromTheServicesOwnThreadAfterTheRequestThreadLeftGetsItsResponse() throws Exception {
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Sleep", "application/json",
				"{\"duration\":\"0.2s\",\"answerFromOwnThread\":true}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("message").asText()).isEqualTo("slept");
	}

	@Test
	void invalidTimeoutOrProtocolVersionIsInvalidArgument() throws Exception {
		HttpResponse<byte[]> timeout = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Connect-Timeout-Ms", "12345678901")
			.POST(body("{}")));
		HttpResponse<byte[]> version = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("Connect-Protocol-Version", "2")
			.POST(body("{}")));

		assertThat(timeout.statusCode()).isEqualTo(400);
		assertThat(json.readTree(timeout.body()).get("code").asText()).isEqualTo("invalid_argument");
		assertThat(version.statusCode()).isEqualTo(400);
	}

	// Conformance: "Server Empty Requests", unary/empty-request: zero bytes are an empty message,
	// whether posted or in a GET request's query.
	@Test
	void emptyProtoMessageIsAnEmptyRequestNotAMissingOne() throws Exception {
		HttpResponse<byte[]> posted = post(ECHO, "application/proto", new byte[0]);
		HttpResponse<byte[]> fetched = send(HttpRequest.newBuilder(uri(LOOKUP + "?encoding=proto&message=")).GET());

		assertThat(posted.statusCode()).isEqualTo(200);
		assertThat(EchoResponse.parseFrom(posted.body()).getMessage()).isEmpty();
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(EchoResponse.parseFrom(fetched.body()).getMessage()).isEmpty();
	}

	// Conformance: "Errors", unary/unicode-error-message.
	@Test
	void errorMessageWithWhitespaceAndUnicodeArrivesUnchanged() throws Exception {
		String message = "\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \uD83D\uDE08\n";
		HttpResponse<byte[]> response = post("/rpcstarter.test.v1.TestService/Fail", "application/proto",
				FailRequest.newBuilder().setCode("INTERNAL").setMessage(message).build().toByteArray());

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(json.readTree(response.body()).get("message").asText()).isEqualTo(message);
	}

	// Conformance: "Duplicate Metadata", request headers: a header sent twice reaches the service
	// with both values.
	@Test
	void repeatedRequestHeaderReachesTheServiceWithEveryValue() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(ECHO))
			.header("Content-Type", "application/json")
			.header("X-Conformance-Test", "Value1")
			.header("X-Conformance-Test", "Value2")
			.POST(body("{\"echoHeaders\":[\"x-conformance-test\"]}")));

		assertThat(json.readTree(response.body()).get("headers").get("x-conformance-test").asText())
			.isEqualTo("Value1,Value2");
	}

	@Test
	void callKnowsItsConnectionsAddressesEvenWhenAskedAfterItEnded() throws Exception {
		post(ECHO, "application/json", "{\"message\":\"where from\"}");

		Attributes attributes = CallRecordingInterceptor.lastCallAttributes();
		InetSocketAddress remote = (InetSocketAddress) attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
		InetSocketAddress local = (InetSocketAddress) attributes.get(Grpc.TRANSPORT_ATTR_LOCAL_ADDR);
		assertThat(remote.getAddress().isLoopbackAddress()).isTrue();
		assertThat(remote.getPort()).isPositive();
		assertThat(local.getPort()).isEqualTo(this.port);
	}

	@Test
	void globalInterceptorSeesGrpcAndConnectCallsAlike() throws Exception {
		int before = CallRecordingInterceptor.count();
		ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", this.grpcPort.get()).usePlaintext().build();
		try {
			EchoResponse overGrpc = TestServiceGrpc.newBlockingStub(channel)
				.echo(EchoRequest.newBuilder().setMessage("grpc").build());
			assertThat(overGrpc.getIntercepted()).isEqualTo(before + 1);
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		HttpResponse<byte[]> overConnect = post(ECHO, "application/json", "{\"message\":\"connect\"}");

		assertThat(json.readTree(overConnect.body()).get("intercepted").asInt()).isEqualTo(before + 2);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<byte[]> post(String path, String contentType, String body) throws IOException, InterruptedException {
		return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
	}

	private HttpResponse<byte[]> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
	}

	private static HttpRequest.BodyPublisher body(String text) {
		return HttpRequest.BodyPublishers.ofString(text);
	}

	private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
