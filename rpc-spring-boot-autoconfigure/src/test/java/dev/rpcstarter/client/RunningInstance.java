package dev.rpcstarter.client;

import java.util.concurrent.atomic.AtomicInteger;

import dev.rpcstarter.RpcService;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.stub.StreamObserver;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * One instance of a service as the starter serves it: native gRPC on its gRPC port, Connect
 * and gRPC-Web on its web port. Its Echo answers "name:message" after a short pause, so that
 * calls overlap; it can be stopped, as a crash would (no grace period), and started again on
 * the same ports.
 */
final class RunningInstance implements AutoCloseable {

	private final String name;

	private final AtomicInteger calls = new AtomicInteger();

	private ConfigurableApplicationContext context;

	private int webPort;

	private int grpcPort;

	RunningInstance(String name) {
		this.name = name;
		start();
	}

	String name() {
		return this.name;
	}

	int port(boolean grpc) {
		return grpc ? this.grpcPort : this.webPort;
	}

	int calls() {
		return this.calls.get();
	}

	/** Stops both servers at once, cutting the calls in flight. */
	void stop() {
		this.context.close();
	}

	/** Starts the instance again on the ports it had. */
	void start() {
		this.context = new SpringApplicationBuilder(InstanceApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("namedEcho", new NamedEcho()))
			.properties("server.port=" + this.webPort, "grpc.server.port=" + this.grpcPort, "server.shutdown=immediate",
					"grpc.server.shutdown-grace-period=0s", "spring.main.banner-mode=off")
			.run();
		this.webPort = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		this.grpcPort = this.context.getBean(TestApplication.GrpcPort.class).get();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class InstanceApplication {

		@Bean
		TestApplication.GrpcPort grpcPort() {
			return new TestApplication.GrpcPort();
		}

	}

	@RpcService
	final class NamedEcho extends TestServiceGrpc.TestServiceImplBase {

		@Override
		public void echo(EchoRequest request, StreamObserver<EchoResponse> responseObserver) {
			RunningInstance.this.calls.incrementAndGet();
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			responseObserver.onNext(EchoResponse.newBuilder()
				.setMessage(RunningInstance.this.name + ":" + request.getMessage())
				.build());
			responseObserver.onCompleted();
		}

	}

}
