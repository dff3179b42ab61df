package dev.rpcstarter.client.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Channel;

import static dev.rpcstarter.client.TestCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Echo calls whose requests are many times an HTTP/2 flow-control window (64 KiB by default):
 * one alone, then many at once on one connection. Each has less time than Tomcat waits for the
 * rest of a frame it began to read (5 s), so a call that stalls fails here instead of being
 * rescued by the closed connection.
 */
final class LargeRequests {

	private static final long DEADLINE_SECONDS = 4;

	private LargeRequests() {
	}

	static void arriveWholeAloneAndManyAtOnce(Channel channel) throws Exception {
		TestServiceGrpc.TestServiceFutureStub stub = TestServiceGrpc.newFutureStub(channel);
		ByteString alone = payload(1024 * 1024, 1);
		assertThat(echo(stub, alone).get().getPayload()).isEqualTo(alone);
		List<ByteString> payloads = new ArrayList<>();
		List<ListenableFuture<EchoResponse>> calls = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			payloads.add(payload(32 * 1024, i));
			calls.add(echo(stub, payloads.get(i)));
		}
		for (int i = 0; i < calls.size(); i++) {
			assertThat(calls.get(i).get().getPayload()).isEqualTo(payloads.get(i));
		}
	}

	private static ListenableFuture<EchoResponse> echo(TestServiceGrpc.TestServiceFutureStub stub, ByteString payload) {
		return stub.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
			.echo(EchoRequest.newBuilder().setPayload(payload).build());
	}

}
