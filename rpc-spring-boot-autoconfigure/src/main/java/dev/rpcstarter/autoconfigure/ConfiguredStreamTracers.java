package dev.rpcstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.grpc.ForwardingServerBuilder;
import io.grpc.ServerBuilder;
import io.grpc.ServerStreamTracer;
import io.grpc.inprocess.InProcessServerBuilder;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

/**
 * The stream tracer factories that the application's {@link GrpcServerConfigurer}s give the
 * gRPC server (net.devh's {@code grpc.server.call.*} metrics come this way), for the web port
 * to trace its calls with too. net.devh hands the factories to its server builder and keeps no
 * list of them, so each configurer is run once more against a builder that records them and
 * lets every other setting fall on a server that is never built.
 */
final class ConfiguredStreamTracers {

	private ConfiguredStreamTracers() {
	}

	/**
	 * @param configurers the application's configurers of the gRPC server
	 * @return the stream tracer factories they add, in order
	 */
	static List<ServerStreamTracer.Factory> of(Stream<GrpcServerConfigurer> configurers) {
		RecordingBuilder builder = new RecordingBuilder();
		configurers.forEach((configurer) -> configurer.accept(builder));
		return List.copyOf(builder.streamTracerFactories);
	}

	private static final class RecordingBuilder extends ForwardingServerBuilder<RecordingBuilder> {

		private final ServerBuilder<?> neverBuilt = InProcessServerBuilder.forName(UUID.randomUUID().toString());

		private final List<ServerStreamTracer.Factory> streamTracerFactories = new ArrayList<>();

		@Override
		protected ServerBuilder<?> delegate() {
			return this.neverBuilt;
		}

		@Override
		public RecordingBuilder addStreamTracerFactory(ServerStreamTracer.Factory factory) {
			this.streamTracerFactories.add(factory);
			return this;
		}

	}

}
