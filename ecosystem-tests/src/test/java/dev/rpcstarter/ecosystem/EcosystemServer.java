package dev.rpcstarter.ecosystem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc.EmailServiceBlockingStub;
import dev.rpcstarter.sample.testsupport.GrpcServerPort;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Runs {@link EcosystemApplication} on random ports, with HTTP/2 (h2c) on the web port, for
 * the test classes that extend it (Spring's test context cache shares the one server), and
 * shuts down the channels a test opened.
 */
@SpringBootTest(classes = EcosystemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
abstract class EcosystemServer {

	@LocalServerPort
	protected int webPort;

	@Autowired
	protected GrpcServerPort grpcPort;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	/**
	 * @param transport where and how
	 * @param credentials the caller's credentials, or {@code null} for none
	 * @return a stub of the email service, with a deadline of 10 seconds
	 */
	protected EmailServiceBlockingStub emailStub(Transport transport, CallCredentials credentials) {
		ManagedChannel channel = keep(transport.channel(this.grpcPort.get(), this.webPort));
		EmailServiceBlockingStub stub = EmailServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
		return (credentials != null) ? stub.withCallCredentials(credentials) : stub;
	}

	/**
	 * @param channel a channel the test opened
	 * @return the channel, shut down after the test
	 */
	protected ManagedChannel keep(ManagedChannel channel) {
		this.channels.add(channel);
		return channel;
	}

}
