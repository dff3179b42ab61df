package dev.rpcstarter.interop;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.BaseUriPicker;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HedgingPolicy;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.client.connect.RetryPolicy;
import dev.rpcstarter.interop.v1.CountRequest;
import dev.rpcstarter.interop.v1.CountResponse;
import dev.rpcstarter.interop.v1.EchoRequest;
import dev.rpcstarter.interop.v1.EchoResponse;
import dev.rpcstarter.interop.v1.FailRequest;
import dev.rpcstarter.interop.v1.InteropServiceGrpc;
import dev.rpcstarter.interop.v1.SleepRequest;
import dev.rpcstarter.protocol.Codec;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The starter's own client transport ({@link ConnectChannel}, Connect and gRPC-Web) calls a
 * server nobody here wrote: connect-node's {@code connectNodeAdapter}, on Node's HTTP/1.1
 * server and on its HTTP/2 server without TLS (h2c, prior knowledge only), with the unchanged
 * generated stubs. Each test runs once per server, protocol, codec and HTTP version the
 * channel is asked for; the server reports the HTTP version, content type and encoding each
 * request really arrived with.
 */
class ConnectNodeServerInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ObjectMapper json = new ObjectMapper();

	private static final Metadata.Key<String> ECHO = Metadata.Key.of("x-echo", Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> ECHO_TRAILER = Metadata.Key.of("x-echo-trailer",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<byte[]> ECHO_BIN = Metadata.Key.of("x-echo-bin", Metadata.BINARY_BYTE_MARSHALLER);

	private static ConnectNodeServer http11Server;

	private static ConnectNodeServer h2cServer;

	private ConnectChannel channel;

	@BeforeAll
	static void startServers() throws Exception {
		http11Server = ConnectNodeServer.start("1.1");
		h2cServer = ConnectNodeServer.start("2");
	}

	@AfterAll
	static void stopServers() throws Exception {
		http11Server.close();
		h2cServer.close();
	}

	@AfterEach
	void shutDownChannel() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/** Every client setup: HTTP/1.1 by default and when asked for, h2c when asked for HTTP/2. */
	static Stream<ClientSetup> setups() {
		return Stream.concat(http11Setups(), http2Setups());
	}

	static Stream<ClientSetup> http11Setups() {
		return Stream.of(null, HttpVersion.HTTP_1_1).flatMap((version) -> setupsFor(version));
	}

	static Stream<ClientSetup> http2Setups() {
		return setupsFor(HttpVersion.HTTP_2);
	}

	private static Stream<ClientSetup> setupsFor(HttpVersion version) {
		return Stream.of(new ClientSetup(RpcProtocol.CONNECT, Codec.PROTO, version),
				new ClientSetup(RpcProtocol.CONNECT, Codec.JSON, version),
				new ClientSetup(RpcProtocol.GRPC_WEB, Codec.PROTO, version),
				new ClientSetup(RpcProtocol.GRPC_WEB, Codec.JSON, version));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void unaryCallEchoesTheText(ClientSetup setup) throws Exception {
		EchoResponse response = blockingStub(setup).echo(EchoRequest.newBuilder().setText("hello").build());

		assertThat(response.getText()).isEqualTo("hello");
		assertArrivedAs(setup, "Echo", false);
	}

	@ParameterizedTest(name = "{0}, gzip: {1}")
	@MethodSource("connectSetupsWithAndWithoutGzip")
	void methodWithoutSideEffectsIsCalledWithGetWhenAsked(ClientSetup setup, boolean gzip) throws Exception {
		String text = "a+b & c=d %20 #x é ☃ \"q\"/?";
		this.channel = ConnectChannel.builder(setup.protocol(), setup.codec())
			.baseUris(BaseUriPicker.pickFirst(List.of(setup.server().baseUri())))
			.httpVersion(setup.version())
			.httpGet(true)
			.build();
		InteropServiceGrpc.InteropServiceBlockingStub stub = InteropServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

		EchoResponse response = (gzip ? stub.withCompression("gzip") : stub)
			.lookup(EchoRequest.newBuilder().setText(text).build());

		assertThat(response.getText()).isEqualTo(text);
		JsonNode request = setup.server().lastRequest("Lookup");
		assertThat(request.get("method").asText()).isEqualTo("GET");
		assertThat(request.get("httpVersion").asText()).isEqualTo(setup.arrivesAs());
		assertThat(request.get("query").asText()).startsWith("connect=v1&encoding=" + setup.codec().subtype())
			.contains(gzip ? "&compression=gzip&base64=1&message=" : "&message=");
	}

	static Stream<Arguments> connectSetupsWithAndWithoutGzip() {
		return setups().filter((setup) -> setup.protocol() == RpcProtocol.CONNECT)
			.flatMap((setup) -> Stream.of(Arguments.of(setup, false), Arguments.of(setup, true)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void serverStreamDeliversEveryMessageInOrder(ClientSetup setup) throws Exception {
		Iterator<CountResponse> responses = blockingStub(setup).count(CountRequest.newBuilder().setCount(3).build());

		assertThat(responses).toIterable().extracting(CountResponse::getNumber).containsExactly(1, 2, 3);
		assertArrivedAs(setup, "Count", true);
	}

	/**
	 * The starter's retries of a server stream, against a server nobody here wrote: a stream
	 * that connect-node fails before its first message (a negative count) is sent twice more,
	 * and the caller gets the failure; a stream that delivers its messages is sent once.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void serverStreamThatFailsBeforeItsFirstMessageIsRetried(ClientSetup setup) throws Exception {
		ConnectNodeServer server = setup.server();
		this.channel = ConnectChannel.builder(setup.protocol(), setup.codec())
			.baseUris(BaseUriPicker.pickFirst(List.of(server.baseUri())))
			.httpVersion(setup.version())
			.attemptPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), 2,
					Set.of(Status.Code.UNAVAILABLE)))
			.build();
		InteropServiceGrpc.InteropServiceBlockingStub stub = InteropServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		long requestsBefore = server.requests("Count");

		Iterator<CountResponse> failing = stub.count(CountRequest.newBuilder().setCount(-1).build());

		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(failing::hasNext)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		server.awaitRequests("Count", requestsBefore + 3, TIMEOUT);
		Iterator<CountResponse> delivered = stub.count(CountRequest.newBuilder().setCount(2).build());
		assertThat(delivered).toIterable().extracting(CountResponse::getNumber).containsExactly(1, 2);
		server.awaitRequests("Count", requestsBefore + 4, TIMEOUT);
		assertThat(server.requests("Count") - requestsBefore).isEqualTo(4);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void clientStreamIsAnsweredOnceWithEveryMessageJoined(ClientSetup setup) throws Exception {
		AwaitedResponses<EchoResponse> responses = new AwaitedResponses<>();
		StreamObserver<EchoRequest> requests = asyncStub(setup).join(responses);
		send(requests, "a", "b", "c");

		assertThat(responses.await(TIMEOUT)).extracting(EchoResponse::getText).containsExactly("a,b,c");
		assertArrivedAs(setup, "Join", true);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("http2Setups")
	void bidiOverH2cIsFullDuplex(ClientSetup setup) throws Exception {
		AwaitedResponses<EchoResponse> responses = new AwaitedResponses<>();
		StreamObserver<EchoRequest> requests = asyncStub(setup).chat(responses);
		// Each message goes out only once the answer to the previous one has arrived.
		for (String text : new String[] { "ping", "pong", "done" }) {
			requests.onNext(EchoRequest.newBuilder().setText(text).build());
			assertThat(responses.next(TIMEOUT)).as("the answer to %s before the half-close", text)
				.extracting(EchoResponse::getText)
				.isEqualTo(text);
		}
		requests.onCompleted();

		assertThat(responses.await(TIMEOUT)).extracting(EchoResponse::getText).containsExactly("ping", "pong", "done");
		assertArrivedAs(setup, "Chat", true);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("http11Setups")
	void bidiOverHttp11IsRefusedByConnectNodeWithHttp505(ClientSetup setup) throws Exception {
		// connect-node serves bidirectional streams over HTTP/2 only, even half duplex ones.
		AwaitedResponses<EchoResponse> responses = new AwaitedResponses<>();
		StreamObserver<EchoRequest> requests = asyncStub(setup).chat(responses);
		send(requests, "ping", "pong", "done");

		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> responses.await(TIMEOUT))
			.extracting(StatusRuntimeException::getStatus)
			.satisfies((status) -> assertThat(status.getCode()).as("%s", status)
				// UNKNOWN for the 505 without a body, as the Connect specification maps it;
				// UNAVAILABLE when the server closes the connection before the client has
				// written the whole request, which then fails the exchange.
				.isIn(Status.Code.UNKNOWN, Status.Code.UNAVAILABLE));
		assertThat(setup.server().lastResponse("Chat").get("status").asInt()).isEqualTo(505);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void errorArrivesWithItsCodeMessageAndErrorInfoDetail(ClientSetup setup) {
		FailRequest request = FailRequest.newBuilder()
			.setCode("FAILED_PRECONDITION")
			.setMessage("interop failure")
			.setReason("INTEROP_REASON")
			.build();

		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> blockingStub(setup).fail(request))
			.satisfies((ex) -> {
				com.google.rpc.Status status = StatusProto.fromThrowable(ex);
				assertThat(status).as("google.rpc.Status of %s", ex).isNotNull();
				assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION.value());
				assertThat(status.getMessage()).isEqualTo("interop failure");
				assertThat(status.getDetailsList()).singleElement().satisfies((detail) -> {
					ErrorInfo info = detail.unpack(ErrorInfo.class);
					assertThat(info.getReason()).isEqualTo("INTEROP_REASON");
					assertThat(info.getDomain()).isEqualTo("connect-node.interop.rpcstarter.dev");
				});
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void requestMetadataComesBackAsResponseHeadersAndTrailer(ClientSetup setup) {
		Metadata sent = new Metadata();
		sent.put(ECHO, "echo-value");
		sent.put(ECHO_BIN, new byte[] { 0, 1, 2, (byte) 254, (byte) 255 });
		AtomicReference<Metadata> headers = new AtomicReference<>();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		Channel capturing = ClientInterceptors.intercept(channel(setup),
				MetadataUtils.newCaptureMetadataInterceptor(headers, trailers),
				MetadataUtils.newAttachHeadersInterceptor(sent));

		InteropServiceGrpc.newBlockingStub(capturing).echo(EchoRequest.newBuilder().setText("hello").build());

		assertThat(headers.get().get(ECHO)).isEqualTo("echo-value");
		assertThat(headers.get().get(ECHO_BIN)).containsExactly(0, 1, 2, 254, 255);
		assertThat(trailers.get().get(ECHO_TRAILER)).isEqualTo("echo-value");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void deadlineThatPassesEndsTheCallWithDeadlineExceededAndTheServerSeesItCancelled(ClientSetup setup)
			throws Exception {
		ConnectNodeServer server = setup.server();
		long cancelledBefore = server.cancelledCalls("Sleep");
		long started = System.nanoTime();

		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> blockingStub(setup).withDeadlineAfter(1, TimeUnit.SECONDS)
				.sleep(SleepRequest.newBuilder().setMillis(5000).build()))
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		server.awaitCancelledCall("Sleep", cancelledBefore, Duration.ofSeconds(5));
	}

	/**
	 * A hedged call: the copy sent after the delay reaches connect-node as a call of its own,
	 * the first copy's answer is the call's, and the copy still running is cancelled on the
	 * server, whether its stream is reset (HTTP/2) or its connection closed (HTTP/1.1).
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void hedgedCallIsAnsweredOnceAndTheServerSeesItsOtherCopyCancelled(ClientSetup setup) throws Exception {
		ConnectNodeServer server = setup.server();
		long requestsBefore = server.requests("Sleep");
		long cancelledBefore = server.cancelledCalls("Sleep");
		this.channel = ConnectChannel.builder(setup.protocol(), setup.codec())
			.baseUris(BaseUriPicker.pickFirst(List.of(server.baseUri())))
			.httpVersion(setup.version())
			.attemptPolicy(new HedgingPolicy(2, Duration.ofSeconds(1), Set.of(Status.Code.UNAVAILABLE)))
			.build();

		// The second copy starts a second after the first and would end a second after it: time
		// for the cancellation to arrive, even when the first copy's request was slow to go out.
		EchoResponse response = InteropServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.sleep(SleepRequest.newBuilder().setMillis(2000).build());

		assertThat(response.getText()).isEqualTo("slept 2000ms");
		server.awaitCancelledCall("Sleep", cancelledBefore, Duration.ofSeconds(5));
		assertThat(server.requests("Sleep") - requestsBefore).isEqualTo(2);
	}

	/**
	 * The other side of the test above: a call whose deadline only the server keeps (the
	 * request's {@code connect-timeout-ms}, and no timer in the client) is answered by the
	 * test server itself, and with {@code deadline_exceeded}, as connect-node reports the
	 * passing of a deadline; {@code canceled} would be the answer to a client that went away.
	 */
	@Test
	void serverAnswersACallPastItsOwnDeadlineWithDeadlineExceeded() throws Exception {
		long cancelledBefore = http11Server.cancelledCalls("Sleep");
		HttpRequest request = HttpRequest
			.newBuilder(http11Server.baseUri().resolve("/rpcstarter.interop.v1.InteropService/Sleep"))
			.header("Content-Type", "application/json")
			.header("Connect-Protocol-Version", "1")
			.header("Connect-Timeout-Ms", "300")
			.timeout(TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString("{\"millis\":5000}"))
			.build();
		long started = System.nanoTime();

		HttpResponse<String> response = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("deadline_exceeded");
		http11Server.awaitCancelledCall("Sleep", cancelledBefore, Duration.ofSeconds(5));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void gzipCompressesTheRequestAndTheResponse(ClientSetup setup) throws Exception {
		// Longer than the 1 KiB under which connect-node does not compress.
		String text = "compress me ".repeat(400);

		EchoResponse response = blockingStub(setup).withCompression("gzip")
			.echo(EchoRequest.newBuilder().setText(text).build());

		assertThat(response.getText()).isEqualTo(text);
		assertThat(setup.server().lastRequest("Echo").get("encoding").asText()).isEqualTo("gzip");
		assertThat(setup.server().lastResponse("Echo").get("encoding").asText()).isEqualTo("gzip");
	}

	private void assertArrivedAs(ClientSetup setup, String method, boolean streaming) throws Exception {
		JsonNode request = setup.server().lastRequest(method);
		assertThat(request.get("httpVersion").asText()).isEqualTo(setup.arrivesAs());
		assertThat(request.get("contentType").asText()).isEqualTo(setup.contentType(streaming));
	}

	private static void send(StreamObserver<EchoRequest> requests, String... texts) {
		for (String text : texts) {
			requests.onNext(EchoRequest.newBuilder().setText(text).build());
		}
		requests.onCompleted();
	}

	private InteropServiceGrpc.InteropServiceBlockingStub blockingStub(ClientSetup setup) {
		return InteropServiceGrpc.newBlockingStub(channel(setup)).withDeadlineAfter(TIMEOUT.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private InteropServiceGrpc.InteropServiceStub asyncStub(ClientSetup setup) {
		return InteropServiceGrpc.newStub(channel(setup)).withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	private ConnectChannel channel(ClientSetup setup) {
		this.channel = ConnectChannel.create(setup.server().baseUri(), setup.protocol(), setup.codec(), setup.version());
		return this.channel;
	}

	/**
	 * How the channel is made: protocol, codec and the HTTP version it asks for, {@code null}
	 * for the default.
	 */
	record ClientSetup(RpcProtocol protocol, Codec codec, HttpVersion version) {

		/** Node's HTTP/2 server speaks nothing else, so HTTP/1.1 clients call the other one. */
		ConnectNodeServer server() {
			return (this.version == HttpVersion.HTTP_2) ? h2cServer : http11Server;
		}

		/** The HTTP version Node reports for the requests of this setup. */
		String arrivesAs() {
			return (this.version == HttpVersion.HTTP_2) ? "2.0" : "1.1";
		}

		String contentType(boolean streaming) {
			if (this.protocol == RpcProtocol.GRPC_WEB) {
				return "application/grpc-web+" + this.codec.subtype();
			}
			return (streaming ? "application/connect+" : "application/") + this.codec.subtype();
		}

		@Override
		public String toString() {
			return this.protocol + " " + this.codec.subtype() + ", "
					+ ((this.version != null) ? "asks for " + this.version : "default HTTP version");
		}

	}

}
