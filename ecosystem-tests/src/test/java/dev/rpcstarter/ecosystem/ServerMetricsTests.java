package dev.rpcstarter.ecosystem;

import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.ListEmailsRequest;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With Spring Boot Actuator, net.devh times every call with Micrometer's metric-collecting
 * interceptor and observes it with Micrometer's observation interceptor (which also feeds
 * tracing). Both are global interceptors like any other: calls on the web port are counted with
 * those on the gRPC port, under the same names and tags, failures by their status. Spring's
 * {@code http.server.requests} counts the web port's requests under the method they called, and
 * the stream tracer net.devh gives the gRPC server ({@code grpc.server.call.*}) traces the web
 * port's calls too.
 */
class ServerMetricsTests extends EcosystemServer {

	@Autowired
	private MeterRegistry meters;

	@Test
	void callsOnEveryPortAndProtocolAreTimedByMethodAndStatus() {
		long sentBefore = processed("SendEmail", "OK");
		long refusedBefore = processed("ListEmails", "PERMISSION_DENIED");
		long observedBefore = observed("SendEmail", "OK");
		long httpBefore = httpRequests("/sample.email.v1.EmailService/SendEmail");
		long startedBefore = callsStarted("sample.email.v1.EmailService/SendEmail");
		long completedBefore = callsCompleted("sample.email.v1.EmailService/SendEmail", "OK");

		for (Transport transport : Transport.values()) {
			EmailServiceGrpc.EmailServiceBlockingStub sender = emailStub(transport,
					BasicCredentials.of("sender", EcosystemApplication.PASSWORD));
			sender.sendEmail(SendEmailRequest.newBuilder().setTo("ada@example.com").build());
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> sender.listEmails(ListEmailsRequest.newBuilder().build()).next());
		}

		assertThat(processed("SendEmail", "OK") - sentBefore).isEqualTo(Transport.values().length);
		assertThat(processed("ListEmails", "PERMISSION_DENIED") - refusedBefore).isEqualTo(Transport.values().length);
		assertThat(observed("SendEmail", "OK") - observedBefore).isEqualTo(Transport.values().length);
		assertThat(httpRequests("/sample.email.v1.EmailService/SendEmail") - httpBefore)
			.as("the web port's requests, under the method they called").isEqualTo(Transport.values().length - 1);
		assertThat(callsStarted("sample.email.v1.EmailService/SendEmail") - startedBefore)
			.as("gRPC's per-call metrics, from the server's stream tracers").isEqualTo(Transport.values().length);
		assertThat(callsCompleted("sample.email.v1.EmailService/SendEmail", "OK") - completedBefore)
			.isEqualTo(Transport.values().length);
	}

	/** Calls that net.devh's stream tracer counted as started (grpc.server.call.started). */
	private long callsStarted(String fullMethodName) {
		return (long) this.meters.find("grpc.server.call.started")
			.tag("grpc.method", fullMethodName)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	/** Calls that net.devh's stream tracer timed to their end with a status (grpc.server.call.duration). */
	private long callsCompleted(String fullMethodName, String status) {
		return this.meters.find("grpc.server.call.duration")
			.tag("grpc.method", fullMethodName)
			.tag("grpc.status", status)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
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
