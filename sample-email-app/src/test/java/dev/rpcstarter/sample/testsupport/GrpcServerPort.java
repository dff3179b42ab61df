package dev.rpcstarter.sample.testsupport;

import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.context.ApplicationListener;

/**
 * Records the port net.devh's gRPC server actually listens on, which tests need because they
 * set {@code grpc.server.port=0}. Register it with {@code @Import} in a {@code @SpringBootTest}
 * or as a listener of a {@code SpringApplicationBuilder}.
 */
public class GrpcServerPort implements ApplicationListener<GrpcServerStartedEvent> {

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(GrpcServerStartedEvent event) {
		this.port = event.getPort();
	}

	/**
	 * Returns the port of the started gRPC server.
	 * @return the port
	 * @throws IllegalStateException if the server has not started
	 */
	public int get() {
		if (this.port < 0) {
			throw new IllegalStateException("The gRPC server has not started: is grpc.server.port set to -1?");
		}
		return this.port;
	}

}
