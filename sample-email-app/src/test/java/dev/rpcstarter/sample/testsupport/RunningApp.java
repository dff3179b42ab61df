package dev.rpcstarter.sample.testsupport;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
		// Command-line arguments, not the builder's default properties: those rank below the
		// app's own configuration file, which sets fixed ports.
		Stream<String> arguments = Stream.concat(Stream.of("server.port=0", "grpc.server.port=0"),
				Stream.of(properties));
		GrpcServerPort grpcPort = new GrpcServerPort();
		ConfigurableApplicationContext context = app.listeners(grpcPort)
			.run(arguments.map((property) -> "--" + property).toArray(String[]::new));
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
