package dev.rpcstarter.ecosystem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.ListEmailsRequest;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.testsupport.GrpcServerPort;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With Spring Boot Actuator, net.devh times every call with Micrometer's metric-collecting
 * interceptor and observes it with Micrometer's observation interceptor (which also feeds
 * tracing). Both are global interceptors like any other: calls on the web port are counted with
 * those on the gRPC port, under the same names and tags, failures by their status. Spring's
 * {@code http.server.requests} counts the web port's requests under the method they called.
 */
@SpringBootTest(classes = EcosystemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class ServerMetricsTests {

	@LocalServerPort
	private int webPort;

	@Autowired
	private GrpcServerPort grpcPort;

	@Autowired
	private MeterRegistry meters;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void callsOnEveryPortAndProtocolAreTimedByMethodAndStatus() {
		long sentBefore = processed("SendEmail", "OK");
		long refusedBefore = processed("ListEmails", "PERMISSION_DENIED");
		long observedBefore = observed("SendEmail", "OK");
		long httpBefore = httpRequests("/sample.email.v1.EmailService/SendEmail");

		for (Transport transport : Transport.values()) {
			ManagedChannel channel = transport.channel(this.grpcPort.get(), this.webPort);
			this.channels.add(channel);
			EmailServiceGrpc.EmailServiceBlockingStub sender = EmailServiceGrpc.newBlockingStub(channel)
				.withCallCredentials(BasicCredentials.of("sender", EcosystemApplication.PASSWORD))
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			sender.sendEmail(SendEmailRequest.newBuilder().setTo("ada@example.com").build());
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> sender.listEmails(ListEmailsRequest.newBuilder().build()).next());
		}

		assertThat(processed("SendEmail", "OK") - sentBefore).isEqualTo(Transport.values().length);
		assertThat(processed("ListEmails", "PERMISSION_DENIED") - refusedBefore).isEqualTo(Transport.values().length);
		assertThat(observed("SendEmail", "OK") - observedBefore).isEqualTo(Transport.values().length);
		assertThat(httpRequests("/sample.email.v1.EmailService/SendEmail") - httpBefore)
			.as("the web port's requests, under the method they called").isEqualTo(Transport.values().length - 1);
	}

	/** HTTP requests that Spring's observation counted under a uri. */
	private long httpRequests(String uri) {
		return this.meters.find("http.server.requests").tag("uri", uri).timers().stream().mapToLong(Timer::count).sum();
	}

	private long processed(String method, String statusCode) {
		Timer timer = this.meters.find("grpc.server.processing.duration")
			.tag("service", "sample.email.v1.EmailService")
			.tag("method", method)
			.tag("statusCode", statusCode)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	/** Calls that Micrometer's observation interceptor saw, whichever peer made them. */
	private long observed(String method, String statusCode) {
		return this.meters.find("grpc.server")
			.tag("rpc.service", "sample.email.v1.EmailService")
			.tag("rpc.method", method)
			.tag("grpc.status_code", statusCode)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

}
