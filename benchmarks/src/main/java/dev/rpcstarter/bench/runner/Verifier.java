package dev.rpcstarter.bench.runner;

import java.nio.file.Files;

import dev.rpcstarter.bench.v1.Order;
import dev.rpcstarter.bench.v1.StreamRequest;

/**
 * Proves that a target answers correctly before it is measured, since the load generators
 * count only HTTP statuses, and measures the bytes one call puts on the wire.
 */
final class Verifier {

	private Verifier() {
	}

	/**
	 * Sends one real request and checks the answer.
	 * @param target the target
	 * @return request plus response body bytes of one call, framing included, headers excluded
	 * @throws IllegalStateException when the answer is wrong
	 */
	static long verify(Target target) throws Exception {
		long requestBytes = Files.size(target.body());
		return requestBytes + switch (target.wire()) {
			case GRPC -> verifyGrpc(target);
			case CONNECT_STREAM_PROTO -> verifyConnectStream(target);
			case GRPC_WEB_PROTO -> verifyGrpcWeb(target);
			default -> verifyUnaryHttp(target);
		};
	}

	/** Checks a Connect stream over the target's own transport and returns the response's size. */
	private static long verifyConnectStream(Target target) throws Exception {
		byte[] body = target.http2()
				? Probes.http2PriorKnowledgeBody(target.port(), target.path(), target.wire().headers(), target.body())
				: Probes.http1Post(target.port(), target.path(), target.wire().headers(),
						Files.readAllBytes(target.body()));
		ConnectStreamBody stream = ConnectStreamBody.parse(body);
		StreamRequest request = (StreamRequest) target.request();
		long correct = stream.orders().stream().filter(request.getOrder()::equals).count();
		if (stream.failed() || correct != request.getCount() || stream.orders().size() != request.getCount()) {
			throw new IllegalStateException(target.name() + " streamed " + correct + " correct messages of "
					+ request.getCount() + ", " + stream.orders().size() + " in all, and ended with "
					+ stream.endOfStream());
		}
		return body.length;
	}

	/** Checks a unary HTTP answer and returns the response's size. */
	private static long verifyUnaryHttp(Target target) throws Exception {
		byte[] response = unaryResponse(target);
		if (!target.wire().decodeOrder(response).equals(target.request())) {
			throw new IllegalStateException(target.name() + " answered with a different order");
		}
		return response.length;
	}

	/**
	 * Checks a unary gRPC-Web answer and returns the response's size, trailers frame included.
	 * A failed call is HTTP 200 as well, so the trailers frame's status is what tells.
	 */
	private static long verifyGrpcWeb(Target target) throws Exception {
		byte[] response = unaryResponse(target);
		GrpcWebBody body = GrpcWebBody.parse(response);
		if (!body.succeeded()) {
			throw new IllegalStateException(target.name() + " ended with trailers " + body.trailers());
		}
		if (body.orders().size() != 1 || !body.orders().get(0).equals(target.request())) {
			throw new IllegalStateException(target.name() + " answered with " + body.orders().size()
					+ " messages instead of the order it was sent");
		}
		return response.length;
	}

	/**
	 * Posts a unary target's body and returns the response body; over h2c, a first post with
	 * h2load proves the transport answers with a 2xx status.
	 */
	private static byte[] unaryResponse(Target target) throws Exception {
		if (target.http2()) {
			Probes.http2PriorKnowledgePost(target.port(), target.path(), target.wire().headers(), target.body());
		}
		// Content is checked over HTTP/1.1: the JDK client cannot speak h2c with prior knowledge,
		// and the server's handler is the same for both.
		return Probes.http1Post(target.port(), target.path(), target.wire().headers(),
				Files.readAllBytes(target.body()));
	}

	/** Checks a gRPC answer with grpc-java and returns the response's size on the wire. */
	private static long verifyGrpc(Target target) throws InterruptedException {
		if (target.request() instanceof StreamRequest stream) {
			int received = Probes.grpcStreamCount(target.port(), stream);
			if (received != stream.getCount()) {
				throw new IllegalStateException(
						target.name() + " streamed " + received + " correct messages of " + stream.getCount());
			}
			return (long) received * (Wire.ENVELOPE_PREFIX_BYTES + stream.getOrder().getSerializedSize());
		}
		Order response = Probes.grpcEcho(target.port(), (Order) target.request());
		if (!response.equals(target.request())) {
			throw new IllegalStateException(target.name() + " answered with a different order");
		}
		return Wire.ENVELOPE_PREFIX_BYTES + response.getSerializedSize();
	}

}
