package dev.rpcstarter.sample.testsupport;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A sample app started in this JVM on random web and gRPC ports, with a plaintext gRPC
 * channel to it; closing it closes the channel and the app.
 */
public final class RunningApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final int grpcPort;

	private final ManagedChannel channel;

	private RunningApp(ConfigurableApplicationContext context, int grpcPort) {
		this.context = context;
		this.grpcPort = grpcPort;
		this.channel = ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
	}

	/**
	 * Runs the app on random ports.
	 * @param app the app's builder, e.g. {@code EmailApplication.builder()}
	 * @param properties further {@code key=value} properties
	 * @return the running app
	 */
	public static RunningApp start(SpringApplicationBuilder app, String... properties) {
		GrpcServerPort grpcPort = new GrpcServerPort();
		ConfigurableApplicationContext context = app.properties("server.port=0", "grpc.server.port=0")
			.properties(properties)
			.listeners(grpcPort)
			.run();
		return new RunningApp(context, grpcPort.get());
	}

	public int webPort() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public int grpcPort() {
		return this.grpcPort;
	}

	/**
	 * Returns a channel to the app's gRPC port, shared by all callers.
	 * @return the channel
	 */
	public ManagedChannel grpcChannel() {
		return this.channel;
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.context.close();
	}

}
