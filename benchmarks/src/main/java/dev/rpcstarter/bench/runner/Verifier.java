package dev.rpcstarter.bench.runner;

import java.nio.file.Files;

import dev.rpcstarter.bench.v1.Order;
import dev.rpcstarter.bench.v1.StreamRequest;

/**
 * Proves that a target answers correctly before it is measured, since the load generators
 * count only HTTP statuses, and measures the bytes one call puts on the wire.
 */
final class Verifier {

	private static final int GRPC_PREFIX_BYTES = 5;

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
		if (target.wire() == Wire.GRPC) {
			return requestBytes + verifyGrpc(target);
		}
		if (target.http2()) {
			Probes.http2PriorKnowledgePost(target.port(), target.path(), target.wire().headers(), target.body());
		}
		// Content is checked over HTTP/1.1: the JDK client cannot speak h2c with prior knowledge,
		// and the server's handler is the same for both.
		byte[] response = Probes.http1Post(target.port(), target.path(), target.wire().headers(),
				Files.readAllBytes(target.body()));
		if (!target.wire().decodeOrder(response).equals(target.request())) {
			throw new IllegalStateException(target.name() + " answered with a different order");
		}
		return requestBytes + response.length;
	}

	/** Checks a gRPC answer with grpc-java and returns the response's size on the wire. */
	private static long verifyGrpc(Target target) throws InterruptedException {
		if (target.request() instanceof StreamRequest stream) {
			int received = Probes.grpcStreamCount(target.port(), stream);
			if (received != stream.getCount()) {
				throw new IllegalStateException(
						target.name() + " streamed " + received + " correct messages of " + stream.getCount());
			}
			return (long) received * (GRPC_PREFIX_BYTES + stream.getOrder().getSerializedSize());
		}
		Order response = Probes.grpcEcho(target.port(), (Order) target.request());
		if (!response.equals(target.request())) {
			throw new IllegalStateException(target.name() + " answered with a different order");
		}
		return GRPC_PREFIX_BYTES + response.getSerializedSize();
	}

}
