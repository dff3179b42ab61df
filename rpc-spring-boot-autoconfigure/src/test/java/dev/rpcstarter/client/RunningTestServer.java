package dev.rpcstarter.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.stub.StreamObserver;

/**
 * A plain grpc-java server on a random port whose Echo answers "name:message", so a test
 * can tell which of several servers took a call.
 */
final class RunningTestServer implements AutoCloseable {

	private final String name;

	private final AtomicInteger calls = new AtomicInteger();

	private final Server server;

	private final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();

	/**
	 * A plaintext server on a random port.
	 * @param name what its Echo answers start with
	 */
	RunningTestServer(String name) throws IOException {
		this(name, Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()));
	}

	/**
	 * @param name what its Echo answers start with
	 * @param builder a server builder with the port and credentials of the test
	 */
	RunningTestServer(String name, ServerBuilder<?> builder) throws IOException {
		this.name = name;
		this.server = builder.addService(ServerInterceptors.intercept(new TestService(), new HeadersRecorder()))
			.build()
			.start();
	}

	/**
	 * @return the request headers of the last call
	 */
	Metadata lastHeaders() {
		return this.lastHeaders.get();
	}

	String name() {
		return this.name;
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

	private final class HeadersRecorder implements ServerInterceptor {

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			RunningTestServer.this.lastHeaders.set(headers);
			return next.startCall(call, headers);
		}

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
