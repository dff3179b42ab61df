package dev.rpcstarter.server.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.ConnectChannel;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.testservice.TestApplication;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server reflection, which grpc-java's service answers from the server it finds in the call's
 * context, answers on the web port, over every protocol, exactly as on the gRPC port: the
 * same services, and the same .proto files for a symbol.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class ServerReflectionTests {

	private static final String TEST_SERVICE = "rpcstarter.test.v1.TestService";

	@LocalServerPort
	private int webPort;

	@Autowired
	private TestApplication.GrpcPort grpcPort;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void webPortListsTheServicesOfTheGrpcPort() throws Exception {
		List<String> onGrpcPort = listServices(grpcChannel(this.grpcPort.get()));
		assertThat(onGrpcPort).contains(TEST_SERVICE, "rpcstarter.test.v1.LibraryService",
				"grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "grpc.health.v1.Health");
		assertThat(listServices(grpcChannel(this.webPort))).as("gRPC on the web port")
			.containsExactlyInAnyOrderElementsOf(onGrpcPort);
		assertThat(listServices(connectChannel(RpcProtocol.CONNECT, HttpVersion.HTTP_2))).as("Connect over HTTP/2")
			.containsExactlyInAnyOrderElementsOf(onGrpcPort);
		assertThat(listServices(connectChannel(RpcProtocol.CONNECT, HttpVersion.HTTP_1_1))).as("Connect over HTTP/1.1")
			.containsExactlyInAnyOrderElementsOf(onGrpcPort);
		assertThat(listServices(connectChannel(RpcProtocol.GRPC_WEB, HttpVersion.HTTP_1_1))).as("gRPC-Web")
			.containsExactlyInAnyOrderElementsOf(onGrpcPort);
	}

	@Test
	void webPortDescribesAServiceWithItsProtoFile() throws Exception {
		List<ByteString> onGrpcPort = filesContaining(grpcChannel(this.grpcPort.get()), TEST_SERVICE);
		assertThat(onGrpcPort).extracting((file) -> FileDescriptorProto.parseFrom(file).getName())
			.contains("rpcstarter/test/v1/test.proto");
		assertThat(filesContaining(connectChannel(RpcProtocol.CONNECT, HttpVersion.HTTP_2), TEST_SERVICE))
			.isEqualTo(onGrpcPort);
		assertThat(filesContaining(grpcChannel(this.webPort), TEST_SERVICE)).isEqualTo(onGrpcPort);
	}

	private ManagedChannel grpcChannel(int port) {
		return keep(NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build());
	}

	private ManagedChannel connectChannel(RpcProtocol protocol, HttpVersion version) {
		return keep(ConnectChannel.create(URI.create("http://localhost:" + this.webPort), protocol, Codec.PROTO,
				version));
	}

	private ManagedChannel keep(ManagedChannel channel) {
		this.channels.add(channel);
		return channel;
	}

	private static List<String> listServices(Channel channel) throws Exception {
		ServerReflectionResponse answer = ask(channel,
				ServerReflectionRequest.newBuilder().setListServices("*").build());
		return answer.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
	}

	private static List<ByteString> filesContaining(Channel channel, String symbol) throws Exception {
		ServerReflectionResponse answer = ask(channel,
				ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
		assertThat(answer.hasErrorResponse()).as("error %s", answer.getErrorResponse()).isFalse();
		return answer.getFileDescriptorResponse().getFileDescriptorProtoList();
	}

	/** Asks one question and half-closes, as a reflection client that needs one answer does. */
	private static ServerReflectionResponse ask(Channel channel, ServerReflectionRequest request) throws Exception {
		CompletableFuture<List<ServerReflectionResponse>> answers = new CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.serverReflectionInfo(new StreamObserver<>() {

				private final List<ServerReflectionResponse> received = new ArrayList<>();

				@Override
				public void onNext(ServerReflectionResponse response) {
					this.received.add(response);
				}

				@Override
				public void onError(Throwable error) {
					answers.completeExceptionally(error);
				}

				@Override
				public void onCompleted() {
					answers.complete(this.received);
				}

			});
		requests.onNext(request);
		requests.onCompleted();
		List<ServerReflectionResponse> received = answers.get(10, TimeUnit.SECONDS);
		assertThat(received).hasSize(1);
		return received.get(0);
	}

}
