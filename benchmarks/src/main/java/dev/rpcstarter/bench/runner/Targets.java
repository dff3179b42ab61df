package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import com.google.protobuf.Message;
import dev.rpcstarter.bench.service.GrpcExecutor;

/**
 * Makes the targets of scenarios on started servers, with their request bodies written to the
 * workspace.
 */
final class Targets {

	private final Workspace workspace;

	Targets(Workspace workspace) {
		this.workspace = workspace;
	}

	/** A client driver's target: the Java client calls the starter app's given port. */
	Target clientGrpc(Servers.Launched app, Family family, int port, Payload payload) throws IOException {
		return new Target(family, true, "grpc-java Netty channel", app.process(), port, Servers.ECHO_PATH,
				payload.order(), body(payload.label(), Wire.GRPC, payload.order()), 1);
	}

	/** A gRPC target, called by h2load on the server's gRPC port. */
	Target grpc(Family family, Servers.Launched server, GrpcExecutor executor, String path, Message request,
			String bodyName, int messagesPerCall) throws IOException {
		return new Target(family, true, executor.label() + " executor", server.process(),
				server.grpcPort(), path, request, body(bodyName, Wire.GRPC, request), messagesPerCall);
	}

	/** A target on the server's web port: h2load over h2c, wrk over HTTP/1.1. */
	Target http(Family family, Servers.Launched server, boolean http2, String path, Payload payload)
			throws IOException {
		return new Target(family, http2, "Tomcat request thread", server.process(), server.webPort(), path,
				payload.order(), body(payload.label(), family.wire(), payload.order()), 1);
	}

	/** Writes a request body once per name and wire; later calls rewrite the same bytes. */
	Path body(String name, Wire wire, Message request) throws IOException {
		return this.workspace.body(name + "." + wire.name().toLowerCase(Locale.ROOT) + ".body", wire.encode(request));
	}

}
