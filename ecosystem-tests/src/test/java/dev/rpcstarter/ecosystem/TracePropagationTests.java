package dev.rpcstarter.ecosystem;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.BraveAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Actuator's tracing (Brave here) in both the calling and the called application, an
 * {@code @RpcClient} call carries its trace to the service whatever the transport: the client's
 * span travels in the call's headers, and the server's span of the call continues that trace,
 * the client's span's child; on the web port, so does Spring's span of the HTTP request. ({@code @AutoConfigureObservability} because Spring Boot's
 * tests leave tracing out unless asked.)
 */
@AutoConfigureObservability
@Import(TracePropagationTests.RecordedSpans.class)
@TestPropertySource(properties = "management.tracing.sampling.probability=1.0")
class TracePropagationTests extends EcosystemServer {

	private static final String SEND_EMAIL = "sample.email.v1.EmailService/SendEmail";

	/** A calling application with Actuator's observations and a Brave tracer that samples every trace. */
	private final ApplicationContextRunner tracedClientApp = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, BraveAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, RpcClientAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0")
		.withBean(RecordedSpans.class)
		.withBean(Client.class);

	@Autowired
	private RecordedSpans serverSpans;

	@ParameterizedTest(name = "{0} on the {1} port")
	@CsvSource({ "grpc, grpc", "grpc, web", "connect, web", "grpc-web, web" })
	void theServersSpanOfACallContinuesTheCallersTrace(String protocol, String port) {
		String address = port.equals("grpc") ? "static://localhost:" + this.grpcPort.get()
				: (protocol.equals("grpc") ? "static://localhost:" : "http://localhost:") + this.webPort;
		this.tracedClientApp.withPropertyValues("rpc.client.email.address=" + address, "rpc.client.email.protocol=" + protocol)
			.run((context) -> {
				Tracer tracer = context.getBean(Tracer.class);
				Span caller = tracer.nextSpan().name("caller").start();
				try (Tracer.SpanInScope scope = tracer.withSpan(caller)) {
					context.getBean(Client.class).email
						.withCallCredentials(BasicCredentials.of("sender", EcosystemApplication.PASSWORD))
						.sendEmail(SendEmailRequest.newBuilder().setTo("ada@example.com").build());
				}
				finally {
					caller.end();
				}
				String traceId = caller.context().traceId();
				MutableSpan clientSpan = context.getBean(RecordedSpans.class).only(traceId, Kind.CLIENT);
				assertThat(clientSpan.name()).isEqualToIgnoringCase(SEND_EMAIL);
				assertThat(clientSpan.parentId()).as("the client's span is the caller's child")
					.isEqualTo(caller.context().spanId());

				MutableSpan serverSpan = serverSpan(traceId, SEND_EMAIL);
				assertThat(serverSpan.parentId()).as("the server's span of the call is the client's span's child")
					.isEqualTo(clientSpan.id());
				if (port.equals("web")) {
					assertThat(serverSpan(traceId, "http post /" + SEND_EMAIL).parentId())
						.as("Spring's span of the HTTP request is the client's span's child too")
						.isEqualTo(clientSpan.id());
				}
			});
	}

	/**
	 * The server ends its spans as it completes the call or the request, maybe after the client
	 * has its answer, so they are waited for.
	 */
	private MutableSpan serverSpan(String traceId, String name) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.serverSpans.named(traceId, Kind.SERVER, name), Objects::nonNull);
	}

	static class Client {

		@RpcClient("email")
		EmailServiceGrpc.EmailServiceBlockingStub email;

	}

	/** Keeps every span that an application's tracer finished, as a tracing back end would receive it. */
	static class RecordedSpans extends SpanHandler {

		private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			if (cause == Cause.FINISHED) {
				this.finished.add(span);
			}
			return true;
		}

		List<MutableSpan> of(String traceId) {
			return this.finished.stream().filter((span) -> span.traceId().equals(traceId)).toList();
		}

		MutableSpan only(String traceId, Kind kind) {
			List<MutableSpan> spans = of(traceId).stream().filter((span) -> span.kind() == kind).toList();
			assertThat(spans).as("%s spans of trace %s", kind, traceId).hasSize(1);
			return spans.get(0);
		}

		/** @return the span of that kind and name in the trace, or {@code null} while there is none */
		MutableSpan named(String traceId, Kind kind, String name) {
			return of(traceId).stream()
				.filter((span) -> span.kind() == kind && name.equalsIgnoreCase(span.name()))
				.findFirst()
				.orElse(null);
		}

	}

}
