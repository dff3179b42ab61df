package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.bench.v1.EchoServiceGrpc;
import dev.rpcstarter.bench.v1.Order;
import dev.rpcstarter.bench.v1.StreamRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/**
 * Real clients for single requests: grpc-java for gRPC (h2load does not read grpc-status), the
 * JDK's HTTP client for HTTP/1.1, and h2load itself or nghttp for HTTP/2 prior knowledge, which
 * the JDK's client cannot speak.
 */
final class Probes {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final HttpClient HTTP1 = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	private Probes() {
	}

	/**
	 * One unary gRPC call.
	 * @param port the gRPC port
	 * @param order the request
	 * @return the response
	 */
	static Order grpcEcho(int port, Order order) throws InterruptedException {
		ManagedChannel channel = channel(port);
		try {
			return EchoServiceGrpc.newBlockingStub(channel)
				.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.echo(order);
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * One server-streaming gRPC call, read to its end.
	 * @param port the gRPC port
	 * @param request the request
	 * @return how many messages equal to the request's order arrived
	 */
	static int grpcStreamCount(int port, StreamRequest request) throws InterruptedException {
		ManagedChannel channel = channel(port);
		try {
			Iterator<Order> responses = EchoServiceGrpc.newBlockingStub(channel)
				.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.streamEcho(request);
			int count = 0;
			while (responses.hasNext()) {
				if (responses.next().equals(request.getOrder())) {
					count++;
				}
			}
			return count;
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * One HTTP/1.1 POST.
	 * @param port the web port
	 * @param path the path
	 * @param headers request headers as {@code name: value}
	 * @param body the body
	 * @return the response body
	 * @throws IllegalStateException when the status is not 200
	 */
	static byte[] http1Post(int port, String path, List<String> headers, byte[] body) throws Exception {
		HttpResponse<byte[]> response = http1Exchange(port, path, headers, body);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + " from " + path);
		}
		return response.body();
	}

	/**
	 * A Connect unary call with a JSON body that must end in a Connect error.
	 * @param port the web port
	 * @param path the method's path
	 * @param json the request message
	 * @param status the HTTP status the error maps to
	 * @param code the Connect error code
	 * @throws IllegalStateException when the answer is anything else
	 */
	static void connectJsonError(int port, String path, String json, int status, String code) throws Exception {
		HttpResponse<byte[]> response = http1Exchange(port, path, List.of("content-type: application/json"),
				json.getBytes(StandardCharsets.UTF_8));
		String body = new String(response.body(), StandardCharsets.UTF_8);
		if (response.statusCode() != status || !body.contains("\"code\":\"" + code + "\"")) {
			throw new IllegalStateException("HTTP " + response.statusCode() + " " + body + " from " + path);
		}
	}

	private static HttpResponse<byte[]> http1Exchange(int port, String path, List<String> headers, byte[] body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		for (String header : headers) {
			String[] nameAndValue = header.split(":\\s*", 2);
			request.header(nameAndValue[0], nameAndValue[1]);
		}
		return HTTP1.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * One HTTP/2 POST over cleartext with prior knowledge (no upgrade), as h2load sends it.
	 * @param port the port
	 * @param path the path
	 * @param headers request headers as {@code name: value}
	 * @param body the body file
	 * @throws IllegalStateException when the request does not succeed with a 2xx status
	 */
	static void http2PriorKnowledgePost(int port, String path, List<String> headers, Path body) {
		LoadResult result = H2Load.parse(Commands.run(H2Load.command(port, path, headers, body,
				List.of("-n", "1", "-c", "1", "-m", "1")), Map.of(), Duration.ofSeconds(30)), null);
		if (result.requests() != 1 || result.errors() != 0) {
			throw new IllegalStateException("h2c prior-knowledge POST to " + path + " did not get a 2xx response");
		}
	}

	/**
	 * One HTTP/2 POST over cleartext with prior knowledge, its response body read by nghttp
	 * (h2load discards bodies, the JDK client cannot do prior knowledge).
	 * @param port the port
	 * @param path the path
	 * @param headers request headers as {@code name: value}
	 * @param body the body file
	 * @return the response body
	 */
	static byte[] http2PriorKnowledgeBody(int port, String path, List<String> headers, Path body) {
		List<String> command = new ArrayList<>(List.of("nghttp", "--timeout=" + TIMEOUT.toSeconds(), "-d", body.toString()));
		for (String header : headers) {
			command.add("-H");
			command.add(header);
		}
		command.add("http://127.0.0.1:" + port + path);
		return Commands.output(command, Duration.ofSeconds(30));
	}

	private static ManagedChannel channel(int port) {
		return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
	}

}
