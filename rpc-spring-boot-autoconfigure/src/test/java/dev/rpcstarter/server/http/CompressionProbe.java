package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.MetadataUtils;

/**
 * Calls the test service's echo with a client that accepts gzip and reports how the answer's
 * message came: compressed or not, and what it said.
 */
final class CompressionProbe {

	private static final HttpClient http = HttpClient.newHttpClient();

	private CompressionProbe() {
	}

	/**
	 * @param encoding the encoding the answer declared, {@code null} for none or {@code identity}
	 * @param message the echoed text, decompressed
	 */
	record Answer(String encoding, String message) {

		Answer {
			encoding = "identity".equals(encoding) ? null : encoding;
		}

	}

	/**
	 * Through grpc-java's own channel (h2c), which accepts gzip by default.
	 * @return the answer, its encoding the {@code grpc-encoding} response header
	 */
	static Answer overGrpcChannel(int port, String text, Map<String, String> headers) throws InterruptedException {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
		try {
			AtomicReference<String> encoding = new AtomicReference<>();
			Channel probed = ClientInterceptors.intercept(channel, readEncoding(encoding),
					MetadataUtils.newAttachHeadersInterceptor(metadata(headers)));
			EchoResponse echo = TestServiceGrpc.newBlockingStub(probed)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.echo(EchoRequest.newBuilder().setMessage(text).build());
			return new Answer(encoding.get(), echo.getMessage());
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * As a Connect unary call in JSON with {@code Accept-Encoding: gzip}.
	 * @return the answer, its encoding the {@code Content-Encoding} response header
	 */
	static Answer overConnectUnary(int port, String text, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + port + "/rpcstarter.test.v1.TestService/Echo"))
			.header("Content-Type", "application/json")
			.header("Accept-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(EchoRequest.newBuilder().setMessage(text))));
		headers.forEach(request::header);
		HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
		}
		String encoding = response.headers().firstValue("Content-Encoding").orElse(null);
		byte[] body = "gzip".equals(encoding) ? new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()
				: response.body();
		EchoResponse.Builder echo = EchoResponse.newBuilder();
		JsonFormat.parser().merge(new String(body), echo);
		return new Answer(encoding, echo.getMessage());
	}

	/**
	 * As one message on a stream over HTTP/1.1, accepting gzip.
	 * @return the answer, its encoding {@code gzip} when the message's compressed flag is set
	 */
	static Answer overStream(WireVariant wire, int port, String text, Map<String, String> headers) throws Exception {
		Map<String, String> accepting = new HashMap<>(headers);
		accepting.put(wire.acceptEncodingHeader(), "gzip");
		StreamingCall.Result result = new StreamingCall(wire, HttpClient.Version.HTTP_1_1, port, "BidiStream", accepting)
			.send(StreamingCall.envelopes(wire, List.of(EchoRequest.newBuilder().setMessage(text).build())));
		if (!result.outcome.status().isOk() || result.messages.size() != 1) {
			throw new IllegalStateException("the stream ended with " + result.outcome.status() + " after "
					+ result.messages.size() + " messages");
		}
		String encoding = (result.messageFlags.get(0) & 1) != 0 ? "gzip" : null;
		return new Answer(encoding, result.messages(wire, EchoResponse.getDefaultInstance()).get(0).getMessage());
	}

	private static Metadata metadata(Map<String, String> headers) {
		Metadata metadata = new Metadata();
		headers.forEach((name, value) -> metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
		return metadata;
	}

	private static ClientInterceptor readEncoding(AtomicReference<String> encoding) {
		Metadata.Key<String> grpcEncoding = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
		return new ClientInterceptor() {
			@Override
			public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
					CallOptions options, Channel next) {
				return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
					@Override
					public void start(Listener<RespT> listener, Metadata headers) {
						super.start(new SimpleForwardingClientCallListener<>(listener) {
							@Override
							public void onHeaders(Metadata responseHeaders) {
								encoding.set(responseHeaders.get(grpcEncoding));
								super.onHeaders(responseHeaders);
							}
						}, headers);
					}
				};
			}
		};
	}

}
