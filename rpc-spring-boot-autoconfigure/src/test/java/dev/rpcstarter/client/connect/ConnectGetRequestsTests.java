package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.ByteString;
import dev.rpcstarter.RpcClient;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.autoconfigure.RpcClientAutoConfiguration;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A Connect channel asked for GET requests calls methods without side effects with GET, the
 * message in the query as the Connect protocol spells it, and everything else with POST, as
 * the test application's web port sees them.
 */
@SpringBootTest(classes = { TestApplication.class, ConnectGetRequestsTests.RequestLog.class,
		ConnectGetRequestsTests.CacheableLookups.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grpc.server.port=0")
class ConnectGetRequestsTests {

	/** Characters that a query must escape, and text beyond ASCII. */
	private static final String AWKWARD_TEXT = "a+b & c=d %20 #x é ☃ \"q\"/?";

	@LocalServerPort
	private int port;

	private ConnectChannel channel;

	@BeforeEach
	void clearLog() {
		RequestLog.requests.clear();
	}

	@AfterEach
	void shutdown() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@EnumSource(Codec.class)
	void methodWithoutSideEffectsIsCalledWithGet(Codec codec) {
		TestServiceGrpc.TestServiceBlockingStub stub = stub(codec, true);

		assertThat(stub.lookup(EchoRequest.newBuilder().setMessage(AWKWARD_TEXT).build()).getMessage())
			.isEqualTo(AWKWARD_TEXT);

		assertThat(RequestLog.requests).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(request.query()).startsWith("connect=v1&encoding=" + codec.subtype() + "&")
				.contains((codec == Codec.PROTO) ? "&base64=1&message=" : "&message=");
			assertThat(request.contentType()).isNull();
		});
	}

	@Test
	void serviceMakesItsAnswersCacheableWithAHeader() {
		AtomicReference<Metadata> headers = new AtomicReference<>();
		AtomicReference<Metadata> trailers = new AtomicReference<>();
		stub(Codec.PROTO, true).withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
			.lookup(EchoRequest.newBuilder().setMessage("cache me").build());

		assertThat(headers.get().get(CacheableLookups.CACHE_CONTROL)).isEqualTo("max-age=60");
		assertThat(RequestLog.requests).singleElement().satisfies((request) -> assertThat(request.method()).isEqualTo("GET"));
	}

	@Test
	void methodWithSideEffectsIsStillCalledWithPost() {
		assertThat(stub(Codec.PROTO, true).echo(EchoRequest.newBuilder().setMessage("post").build()).getMessage())
			.isEqualTo("post");

		assertThat(RequestLog.requests).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.query()).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(Codec.class)
	void compressedMessageGoesInTheQueryAsBase64(Codec codec) {
		TestServiceGrpc.TestServiceBlockingStub stub = stub(codec, true).withCompression("gzip");

		assertThat(stub.lookup(EchoRequest.newBuilder().setMessage(AWKWARD_TEXT).build()).getMessage())
			.isEqualTo(AWKWARD_TEXT);

		assertThat(RequestLog.requests).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(request.query()).contains("&compression=gzip&base64=1&message=");
		});
	}

	@Test
	void messageTooLongForAUrlGoesAsPost() {
		ByteString payload = ByteString.copyFrom(new byte[ConnectUnaryWire.MAX_GET_URL_LENGTH]);
		EchoRequest request = EchoRequest.newBuilder().setMessage("long").setPayload(payload).build();

		assertThat(stub(Codec.PROTO, true).lookup(request).getPayload()).isEqualTo(payload);

		assertThat(RequestLog.requests).singleElement().satisfies((logged) -> {
			assertThat(logged.method()).isEqualTo("POST");
			assertThat(logged.contentType()).isEqualTo("application/proto");
		});
	}

	@Test
	void deadlineGoesAlongWithAGet() {
		stub(Codec.PROTO, true).withDeadlineAfter(5, TimeUnit.SECONDS)
			.lookup(EchoRequest.newBuilder().setMessage("soon").build());

		assertThat(RequestLog.requests).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(Long.parseLong(request.timeoutMillis())).isBetween(1L, 5000L);
		});
	}

	@Test
	void withoutGetRequestsEveryCallIsAPost() {
		stub(Codec.PROTO, false).lookup(EchoRequest.newBuilder().setMessage("post").build());

		assertThat(RequestLog.requests).singleElement().satisfies((request) -> assertThat(request.method()).isEqualTo("POST"));
	}

	@Test
	void grpcWebHasNoGetRequests() {
		ConnectChannel.Builder builder = ConnectChannel.builder(RpcProtocol.GRPC_WEB, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(URI.create("http://localhost:" + this.port))))
			.httpGet(true);

		assertThatIllegalArgumentException().isThrownBy(builder::build)
			.withMessage("only the Connect protocol calls methods with GET, not GRPC_WEB");
	}

	@Test
	void httpGetPropertyReachesTheClientsChannel() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
			.withBean(Clients.class)
			.withPropertyValues("rpc.client.test.protocol=connect", "rpc.client.test.http-get=true",
					"rpc.client.test.address=http://localhost:" + this.port)
			.run((context) -> {
				context.getBean(Clients.class).stub.lookup(EchoRequest.newBuilder().setMessage("bean").build());
				assertThat(RequestLog.requests).singleElement()
					.satisfies((request) -> assertThat(request.method()).isEqualTo("GET"));
			});
	}

	@Test
	void httpGetPropertyWithAnotherProtocolFailsStartUpNamingBothProperties() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RpcClientAutoConfiguration.class))
			.withBean(Clients.class)
			.withPropertyValues("rpc.client.test.protocol=grpc-web", "rpc.client.test.http-get=true",
					"rpc.client.test.address=http://localhost:" + this.port)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sets rpc.client.test.http-get=true, which needs rpc.client.test.protocol=connect: "
						+ "only the Connect protocol calls methods with GET"));
	}

	private TestServiceGrpc.TestServiceBlockingStub stub(Codec codec, boolean httpGet) {
		this.channel = ConnectChannel.builder(RpcProtocol.CONNECT, codec)
			.baseUris(BaseUriPicker.pickFirst(List.of(URI.create("http://localhost:" + this.port))))
			.httpGet(httpGet)
			.build();
		return TestServiceGrpc.newBlockingStub(this.channel);
	}

	static class Clients {

		@RpcClient("test")
		TestServiceGrpc.TestServiceBlockingStub stub;

	}

	/** Logs the requests for the test service's methods, before the bridge answers them. */
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class RequestLog extends OncePerRequestFilter {

		static final List<LoggedRequest> requests = new CopyOnWriteArrayList<>();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getRequestURI().startsWith("/rpcstarter.test.v1.TestService/")) {
				requests.add(new LoggedRequest(request.getMethod(), request.getQueryString(), request.getContentType(),
						request.getHeader("Connect-Timeout-Ms")));
			}
			chain.doFilter(request, response);
		}

	}

	/**
	 * Lets HTTP caches keep the answers of Lookup for a minute, as a service whose answers may
	 * be cached would: a header its calls send.
	 */
	@GrpcGlobalServerInterceptor
	static class CacheableLookups implements ServerInterceptor {

		static final Metadata.Key<String> CACHE_CONTROL = Metadata.Key.of("cache-control",
				Metadata.ASCII_STRING_MARSHALLER);

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			if (!call.getMethodDescriptor().equals(TestServiceGrpc.getLookupMethod())) {
				return next.startCall(call, headers);
			}
			return next.startCall(new SimpleForwardingServerCall<>(call) {
				@Override
				public void sendHeaders(Metadata responseHeaders) {
					responseHeaders.put(CACHE_CONTROL, "max-age=60");
					super.sendHeaders(responseHeaders);
				}
			}, headers);
		}

	}

	record LoggedRequest(String method, String query, String contentType, String timeoutMillis) {
	}

}
