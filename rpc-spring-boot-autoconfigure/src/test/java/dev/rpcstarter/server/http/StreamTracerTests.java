package dev.rpcstarter.server.http;

import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.EchoResponse;
import dev.rpcstarter.test.v1.FailRequest;
import dev.rpcstarter.test.v1.StreamRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A stream tracer that a {@link GrpcServerConfigurer} gives the gRPC server (as net.devh's
 * metrics do) traces the web port's calls too, on every protocol: their start, their messages
 * with their protobuf sizes, and their end with its status.
 */
@SpringBootTest(classes = { TestApplication.class, StreamTracerTests.Tracing.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class StreamTracerTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RecordingTracers tracers;

	@ParameterizedTest
	@EnumSource(value = RpcProtocol.class, names = { "CONNECT", "GRPC_WEB", "GRPC" })
	void aCallIsTracedFromItsStartThroughItsMessagesToItsEnd(RpcProtocol protocol) throws Exception {
		this.tracers.clear();
		EchoRequest request = EchoRequest.newBuilder().setMessage("traced " + protocol).build();
		ManagedChannel channel = channel(protocol);
		try {
			EchoResponse response = TestServiceGrpc.newBlockingStub(channel).echo(request);

			Trace trace = this.tracers.awaitClosed("rpcstarter.test.v1.TestService/Echo");
			assertThat(trace.events).containsExactly("started rpcstarter.test.v1.TestService/Echo",
					"in 0 " + request.getSerializedSize(), "out 0 " + response.getSerializedSize(), "closed OK");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void everyStreamedMessageAndAFailureAreTraced() throws Exception {
		this.tracers.clear();
		ManagedChannel channel = channel(RpcProtocol.CONNECT);
		try {
			TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(channel);
			stub.serverStream(StreamRequest.newBuilder().setMessage("streamed").setCount(3).build())
				.forEachRemaining((message) -> {
				});
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(
					() -> stub.fail(FailRequest.newBuilder().setCode("NOT_FOUND").setMessage("traced failure").build()));

			Trace streamed = this.tracers.awaitClosed("rpcstarter.test.v1.TestService/ServerStream");
			assertThat(streamed.events).filteredOn((event) -> event.startsWith("out "))
				.extracting((event) -> event.split(" ")[1])
				.containsExactly("0", "1", "2");
			assertThat(streamed.events).last().isEqualTo("closed OK");
			Trace failed = this.tracers.awaitClosed("rpcstarter.test.v1.TestService/Fail");
			assertThat(failed.events).last().isEqualTo("closed NOT_FOUND");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private ManagedChannel channel(RpcProtocol protocol) {
		if (protocol == RpcProtocol.GRPC) {
			return NettyChannelBuilder.forAddress("localhost", this.port).usePlaintext().build();
		}
		return ConnectChannel.create(URI.create("http://localhost:" + this.port), protocol, Codec.PROTO,
				HttpVersion.HTTP_1_1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Tracing {

		@Bean
		RecordingTracers recordingTracers() {
			return new RecordingTracers();
		}

		@Bean
		GrpcServerConfigurer recordingTracersConfigurer(RecordingTracers tracers) {
			return (builder) -> builder.addStreamTracerFactory(tracers);
		}

	}

	/** One call as its tracer saw it. */
	static final class Trace extends ServerStreamTracer {

		final Queue<String> events = new ConcurrentLinkedQueue<>();

		volatile boolean closed;

		@Override
		public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
			this.events.add("started " + callInfo.getMethodDescriptor().getFullMethodName());
		}

		@Override
		public void inboundMessageRead(int seqNo, long optionalWireSize, long optionalUncompressedSize) {
			this.events.add("in " + seqNo + " " + optionalUncompressedSize);
		}

		@Override
		public void outboundMessageSent(int seqNo, long optionalWireSize, long optionalUncompressedSize) {
			this.events.add("out " + seqNo + " " + optionalUncompressedSize);
		}

		@Override
		public void streamClosed(Status status) {
			this.events.add("closed " + status.getCode());
			this.closed = true;
		}

	}

	/** Makes a {@link Trace} per call; the tests make their calls one after the other. */
	static final class RecordingTracers extends ServerStreamTracer.Factory {

		private final Queue<Trace> traces = new ConcurrentLinkedQueue<>();

		@Override
		public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
			Trace trace = new Trace();
			this.traces.add(trace);
			return trace;
		}

		void clear() {
			this.traces.clear();
		}

		/** The server may end a call's trace after the client has its answer: waits for it. */
		Trace awaitClosed(String fullMethodName) {
			return await().atMost(Duration.ofSeconds(10)).until(() -> this.traces.stream()
				.filter((trace) -> trace.closed && trace.events.contains("started " + fullMethodName))
				.findFirst()
				.orElse(null), (trace) -> trace != null);
		}

	}

}
