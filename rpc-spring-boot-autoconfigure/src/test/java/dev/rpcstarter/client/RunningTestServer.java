package dev.rpcstarter.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;

/**
 * A plain grpc-java server on a random port whose Echo answers "name:message", so a test
 * can tell which of several servers took a call.
 */
final class RunningTestServer implements AutoCloseable {

	private final String name;

	private final AtomicInteger calls = new AtomicInteger();

	private final Server server;

	RunningTestServer(String name) throws IOException {
		this.name = name;
		this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
			.addService(new TestService())
			.build()
			.start();
	}

	int port() {
		return this.server.getPort();
	}

	String staticAddress() {
		return "static://localhost:" + port();
	}

	int calls() {
		return this.calls.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	private final class TestService extends TestServiceGrpc.TestServiceImplBase {

		@Override
		public void echo(EchoRequest request, StreamObserver<EchoResponse> responseObserver) {
			RunningTestServer.this.calls.incrementAndGet();
			respond(RunningTestServer.this.name + ":" + request.getMessage(), responseObserver);
		}

		@Override
		public void sleep(SleepRequest request, StreamObserver<EchoResponse> responseObserver) {
			RunningTestServer.this.calls.incrementAndGet();
			Duration duration = Duration.ofSeconds(request.getDuration().getSeconds(), request.getDuration().getNanos());
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			respond("slept", responseObserver);
		}

		private void respond(String message, StreamObserver<EchoResponse> responseObserver) {
			responseObserver.onNext(EchoResponse.newBuilder().setMessage(message).build());
			responseObserver.onCompleted();
		}

	}

}
