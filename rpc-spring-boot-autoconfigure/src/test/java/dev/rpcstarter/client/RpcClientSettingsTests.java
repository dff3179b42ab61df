package dev.rpcstarter.client;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.util.Durations;
import dev.rpcstarter.RpcClient;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.test.v1.SleepRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.rpcstarter.client.TestCalls.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The per-client settings and the {@code rpc.client.default} entry they inherit from, against
 * a real in-process server ({@code in-process:name} addresses).
 */
class RpcClientSettingsTests {

	private static final Metadata.Key<String> API_VERSION = Metadata.Key.of("x-api-version",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding",
			Metadata.ASCII_STRING_MARSHALLER);

	private RunningTestServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startServer() throws IOException {
		String name = "settings-" + System.nanoTime();
		this.server = new RunningTestServer("one", InProcessServerBuilder.forName(name));
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
			.withPropertyValues("rpc.client.test.address=in-process:" + name)
			.withBean(Clients.class);
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.server.close();
	}

	@Test
	void inProcessAddressReachesTheInProcessServer() {
		this.runner.run((context) -> assertThat(context.getBean(Clients.class).test.echo(echo("local")).getMessage())
			.isEqualTo("one:local"));
	}

	@Test
	void clientInheritsTheDefaultDeadline() {
		this.runner.withPropertyValues("rpc.client.default.deadline=100ms")
			.run((context) -> assertThat(codeOf(() -> context.getBean(Clients.class).test.sleep(sleep(2000))))
				.isEqualTo(Status.Code.DEADLINE_EXCEEDED));
	}

	@Test
	void clientsOwnDeadlineWinsOverTheDefault() {
		this.runner.withPropertyValues("rpc.client.default.deadline=100ms", "rpc.client.test.deadline=5s")
			.run((context) -> assertThat(context.getBean(Clients.class).test.sleep(sleep(300)).getMessage())
				.isEqualTo("slept"));
	}

	@Test
	void headersOfTheDefaultAndOfTheClientAreSentWithEveryCallTheClientsWinning() {
		this.runner
			.withPropertyValues("rpc.client.default.headers.x-api-version=1", "rpc.client.default.headers.x-tenant=all",
					"rpc.client.test.headers.x-api-version=2")
			.run((context) -> {
				context.getBean(Clients.class).test.echo(echo("headers"));
				assertThat(this.server.lastHeaders().getAll(API_VERSION)).containsExactly("2");
				assertThat(this.server.lastHeaders().get(TENANT)).isEqualTo("all");
			});
	}

	@Test
	void gzipCompressionEncodesRequests() {
		this.runner.withPropertyValues("rpc.client.test.compression=gzip").run((context) -> {
			assertThat(context.getBean(Clients.class).test.echo(echo("zip")).getMessage()).isEqualTo("one:zip");
			assertThat(this.server.lastHeaders().get(ENCODING)).isEqualTo("gzip");
		});
	}

	@Test
	void responseLargerThanMaxInboundMessageSizeFailsWithResourceExhausted() throws Exception {
		// In-process calls pass messages as objects, so the limit needs a real connection.
		try (RunningTestServer network = new RunningTestServer("network")) {
			this.runner
				.withPropertyValues("rpc.client.test.address=" + network.staticAddress(),
						"rpc.client.default.max-inbound-message-size=1KB")
				.run((context) -> assertThat(
						codeOf(() -> context.getBean(Clients.class).test.echo(echo("x".repeat(2000)))))
					.isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		}
	}

	@Test
	void namedInterceptorsSeeTheClientsCallsAfterTheGlobalOnes() {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.runner.withBean("global", ClientInterceptor.class, () -> new Recording("global", seen))
			.withBean("audit", Recording.class, () -> new Recording("audit", seen))
			.withPropertyValues("rpc.client.default.interceptors=audit")
			.run((context) -> {
				context.getBean(Clients.class).test.echo(echo("intercepted"));
				// Listed by a client, the audit bean is not global as well: it runs once.
				assertThat(seen).containsExactly("global", "audit");
			});
	}

	@Test
	void interceptorNameThatIsNoBeanFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.test.interceptors=missing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("lists 'missing' in rpc.client.test.interceptors, which is not a ClientInterceptor bean"));
	}

	@Test
	void defaultIsNotAClientName() {
		this.runner.withPropertyValues("rpc.client.default.address=static://localhost:1")
			.withBean(DefaultNamedClient.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@RpcClient(\"default\")")
				.hasMessageContaining("uses a reserved name"));
	}

	@Test
	void retryWithOneAttemptFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.test.retry.enabled=true", "rpc.client.test.retry.max-attempts=1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has an invalid retry policy: rpc.client.test.retry.max-attempts must be at least 2"));
	}

	@Test
	void maxInboundMessageSizeBeyondAnIntFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.test.max-inbound-message-size=3GB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"sets rpc.client.test.max-inbound-message-size=3221225472B: it must be between 1B and 2047MB"));
	}

	@Test
	void zeroMaxInboundMessageSizeOverConnectFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.test.address=http://localhost:1", "rpc.client.test.protocol=connect",
				"rpc.client.test.max-inbound-message-size=0B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("rpc.client.test.max-inbound-message-size=0B"));
	}

	@Test
	void unknownSslBundleFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("rpc.client.test.address=static://localhost:1", "rpc.client.test.ssl-bundle=nope")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("rpc.client.test.ssl-bundle"));
	}

	@Test
	void plaintextWithAnSslBundleFailsStartUpNamingBoth() {
		this.runner
			.withPropertyValues("rpc.client.test.address=static://localhost:1", "rpc.client.test.ssl-bundle=client",
					"rpc.client.test.plaintext=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sets rpc.client.test.ssl-bundle and rpc.client.test.plaintext=true"));
	}

	@Test
	void discoveryAddressWithoutDiscoveryClientFailsStartUpNamingWhatIsMissing() {
		this.runner.withPropertyValues("rpc.client.test.address=discovery:///email")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("has the address 'discovery:///email' in rpc.client.test.address, which needs "
						+ "a DiscoveryClient bean"));
	}

	private static Status.Code codeOf(Runnable call) {
		return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.actual()
			.getStatus()
			.getCode();
	}

	private static SleepRequest sleep(long millis) {
		return SleepRequest.newBuilder().setDuration(Durations.fromMillis(millis)).build();
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub test;

	}

	static class DefaultNamedClient {

		@RpcClient("default")
		TestServiceGrpc.TestServiceBlockingStub test;

	}

	/** Notes its name for every call it sees. */
	static final class Recording implements ClientInterceptor {

		private final String name;

		private final List<String> seen;

		Recording(String name, List<String> seen) {
			this.name = name;
			this.seen = seen;
		}

		@Override
		public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
				CallOptions callOptions, Channel next) {
			this.seen.add(this.name);
			return next.newCall(method, callOptions);
		}

	}

}
