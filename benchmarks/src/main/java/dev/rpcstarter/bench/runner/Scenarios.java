package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.Message;
import dev.rpcstarter.bench.service.GrpcExecutor;
import dev.rpcstarter.bench.v1.StreamRequest;

/**
 * The scenarios of a run and the comparisons each reports, built on the started servers.
 */
final class Scenarios {

	/** Throughput and CPU efficiency the starter's gRPC must reach against raw grpc-java. */
	static final double GRPC_GOAL = 0.95;

	/** Connect JSON must be at least as fast as the REST controller... */
	static final double CONNECT_JSON_GOAL = 1.0;

	/** ...and Connect proto half as fast again. */
	static final double CONNECT_PROTO_GOAL = 1.5;

	/** The Connect client transport must stay within 20% of grpc-java's channel. */
	static final double CONNECT_CLIENT_GOAL = 0.8;

	/** Streams in flight; each carries {@link RunConfig#streamMessages()} messages. */
	static final int STREAM_CONCURRENCY = 16;

	private final RunConfig config;

	private final Targets targets;

	private final Map<GrpcExecutor, Servers.GrpcServers> grpc;

	/** The starter's JVM for Connect on the web port, and for the client-side scenarios. */
	private final Servers.Launched web;

	/** The same app with a smaller HTTP/2 window: h2c only. */
	private final Servers.Launched webSmallWindow;

	private final Servers.Launched rest;

	/** The REST app with Tomcat's blocking HTTP/2 reader, which the starter sets: h2c only. */
	private final Servers.Launched restBlockingReader;

	Scenarios(RunConfig config, Workspace workspace, Map<GrpcExecutor, Servers.GrpcServers> grpc,
			Servers.Launched web, Servers.Launched webSmallWindow, Servers.Launched rest,
			Servers.Launched restBlockingReader) {
		this.config = config;
		this.targets = new Targets(workspace);
		this.grpc = grpc;
		this.web = web;
		this.webSmallWindow = webSmallWindow;
		this.rest = rest;
		this.restBlockingReader = restBlockingReader;
	}

	/**
	 * Every scenario of the run: unary calls per message size and concurrency (high concurrency
	 * first: it warms the JIT fastest), then streaming, then the client side, per message size and
	 * concurrency too.
	 * @return the scenarios
	 */
	List<Scenario> all() throws IOException {
		List<Scenario> scenarios = new ArrayList<>();
		for (Payload payload : Payload.values()) {
			for (int concurrency : concurrencies(this.config, payload)) {
				scenarios.add(unary(payload, concurrency));
			}
		}
		scenarios.add(streaming());
		for (Payload payload : Payload.values()) {
			for (int concurrency : concurrencies(this.config, payload)) {
				scenarios.add(clientSide(payload, concurrency));
			}
		}
		return scenarios;
	}

	/**
	 * @param config the run's settings
	 * @param payload the message
	 * @return the concurrencies a message is measured at: 64 and 1 for the small one
	 */
	static List<Integer> concurrencies(RunConfig config, Payload payload) {
		return (payload == Payload.SMALL) ? List.of(64, 1) : config.largeConcurrencies();
	}

	private Scenario unary(Payload payload, int concurrency) throws IOException {
		List<Target> targets = new ArrayList<>();
		List<Scenario.Comparison> comparisons = new ArrayList<>();
		for (GrpcExecutor executor : this.config.executors()) {
			Servers.GrpcServers servers = this.grpc.get(executor);
			Target rawGrpc = this.targets.grpc(Family.RAW_GRPC, servers.raw(), executor, Servers.ECHO_PATH, payload.order(),
					payload.label(), 1);
			Target starterGrpc = this.targets.grpc(Family.STARTER_GRPC, servers.starter(), executor, Servers.ECHO_PATH,
					payload.order(), payload.label(), 1);
			Target control = this.targets.grpc(Family.RAW_GRPC_IN_CONTROL_JVM, servers.control().raw(), executor,
					Servers.ECHO_PATH, payload.order(), payload.label(), 1);
			Target starterInControl = this.targets.grpc(Family.STARTER_GRPC_IN_CONTROL_JVM, servers.control().starter(),
					executor, Servers.ECHO_PATH, payload.order(), payload.label(), 1);
			targets.addAll(List.of(rawGrpc, starterGrpc, control, starterInControl));
			comparisons.add(new Scenario.Comparison(starterGrpc, rawGrpc, GRPC_GOAL));
			// The control JVM splits that ratio: the starter's call path against raw grpc-java's in
			// one process, what the starter app in its JVM costs raw grpc-java, and how far two
			// JVMs of the same starter differ.
			comparisons.add(Scenario.Comparison.withoutGoal(starterInControl, control));
			comparisons.add(Scenario.Comparison.withoutGoal(control, rawGrpc));
			comparisons.add(Scenario.Comparison.withoutGoal(starterGrpc, starterInControl));
		}
		// The HTTP side runs on Tomcat's request threads whatever the gRPC executor is.
		for (boolean http2 : new boolean[] { false, true }) {
			Target proto = this.targets.http(Family.CONNECT_PROTO, this.web, http2, Servers.ECHO_PATH, payload);
			Target grpcWeb = this.targets.http(Family.GRPC_WEB_PROTO, this.web, http2, Servers.ECHO_PATH, payload);
			Target json = this.targets.http(Family.CONNECT_JSON, this.web, http2, Servers.ECHO_PATH, payload);
			Target restRoute = this.targets.http(Family.STARTER_REST_JSON, this.web, http2, Servers.REST_PATH, payload);
			Target restJson = this.targets.http(Family.REST_JSON, this.rest, http2, Servers.REST_PATH, payload);
			targets.addAll(List.of(proto, grpcWeb, json, restRoute, restJson));
			comparisons.add(new Scenario.Comparison(json, restJson, CONNECT_JSON_GOAL));
			comparisons.add(new Scenario.Comparison(proto, restJson, CONNECT_PROTO_GOAL));
			// No goal is set for gRPC-Web: against Connect proto (the same message bytes, plus a frame
			// prefix and a trailers frame) and against REST, the ratios say where it stands.
			comparisons.add(Scenario.Comparison.withoutGoal(grpcWeb, proto));
			comparisons.add(Scenario.Comparison.withoutGoal(grpcWeb, restJson));
			// The same requests to the starter's REST route and to the REST controller; and what
			// the route costs over Connect JSON, which carries the same body to the same method.
			comparisons.add(Scenario.Comparison.withoutGoal(restRoute, restJson));
			comparisons.add(Scenario.Comparison.withoutGoal(restRoute, json));
			if (http2) {
				Target restBlocking = this.targets.http(Family.REST_JSON_BLOCKING_READER, this.restBlockingReader, true,
						Servers.REST_PATH, payload);
				targets.add(restBlocking);
				comparisons.add(Scenario.Comparison.withoutGoal(json, restBlocking));
				comparisons.add(Scenario.Comparison.withoutGoal(proto, restBlocking));
				// What the reader setting alone does to the same REST app.
				comparisons.add(Scenario.Comparison.withoutGoal(restBlocking, restJson));
				// What a smaller window buys Connect, a measured choice for users rather than a
				// default: Tomcat allocates two buffers of the window for every stream with a body.
				Target protoSmallWindow = this.targets.http(Family.CONNECT_PROTO_SMALL_WINDOW, this.webSmallWindow,
						true, Servers.ECHO_PATH, payload);
				targets.add(protoSmallWindow);
				comparisons.add(Scenario.Comparison.withoutGoal(protoSmallWindow, proto));
				comparisons.add(Scenario.Comparison.withoutGoal(protoSmallWindow, restJson));
			}
		}
		return new Scenario("Unary echo, " + payload.label() + " message", concurrency, targets, comparisons);
	}

	private Scenario streaming() throws IOException {
		StreamRequest request = StreamRequest.newBuilder()
			.setCount(this.config.streamMessages())
			.setOrder(Payload.SMALL.order())
			.build();
		List<Target> targets = new ArrayList<>();
		List<Scenario.Comparison> comparisons = new ArrayList<>();
		for (GrpcExecutor executor : this.config.executors()) {
			Target rawGrpc = this.targets.grpc(Family.RAW_GRPC, this.grpc.get(executor).raw(), executor,
					Servers.STREAM_PATH, request, "stream", request.getCount());
			Target starterGrpc = this.targets.grpc(Family.STARTER_GRPC, this.grpc.get(executor).starter(), executor,
					Servers.STREAM_PATH, request, "stream", request.getCount());
			targets.addAll(List.of(rawGrpc, starterGrpc));
			comparisons.add(new Scenario.Comparison(starterGrpc, rawGrpc, GRPC_GOAL));
		}
		// Connect streams run on Tomcat whatever the gRPC executor: compared with the first one's targets.
		Target rawGrpc = targets.get(0);
		Target starterGrpc = targets.get(1);
		for (boolean http2 : new boolean[] { false, true }) {
			Target connect = new Target(Family.CONNECT_STREAM_PROTO, http2, "Tomcat request thread",
					this.web.process(), this.web.webPort(), Servers.STREAM_PATH, request,
					this.targets.body("stream", Wire.CONNECT_STREAM_PROTO, request), request.getCount());
			targets.add(connect);
			// No goal is set for Connect streaming yet: the ratios say where it stands.
			comparisons.add(Scenario.Comparison.withoutGoal(connect, starterGrpc));
			comparisons.add(Scenario.Comparison.withoutGoal(connect, rawGrpc));
		}
		return new Scenario("Server streaming, " + request.getCount() + " small messages per call", STREAM_CONCURRENCY,
				targets, comparisons);
	}

	/**
	 * The same stubs over the gRPC channel and over the Connect transport. The goal compares them
	 * on the same server, the starter app's web port (Tomcat), so that the ratio is the client
	 * transport's and not Tomcat's against Netty's; the gRPC channel to the app's gRPC port
	 * (Netty) is compared for information. The client's CPU is what is compared.
	 */
	private Scenario clientSide(Payload payload, int concurrency) throws IOException {
		Target sameServer = this.targets.clientGrpc(this.web, Family.CLIENT_GRPC, this.web.webPort(), payload);
		Target grpcPort = this.targets.clientGrpc(this.web, Family.CLIENT_GRPC_NETTY, this.web.grpcPort(), payload);
		List<Target> targets = new ArrayList<>(List.of(sameServer));
		List<Scenario.Comparison> comparisons = new ArrayList<>();
		for (boolean http2 : new boolean[] { false, true }) {
			Target overConnect = new Target(Family.CLIENT_CONNECT_PROTO, http2, "ConnectChannel (OkHttp)",
					this.web.process(), this.web.webPort(), Servers.ECHO_PATH, payload.order(),
					this.targets.body(payload.label(), Wire.CONNECT_PROTO, payload.order()), 1);
			targets.add(overConnect);
			comparisons.add(new Scenario.Comparison(overConnect, sameServer, CONNECT_CLIENT_GOAL));
			comparisons.add(Scenario.Comparison.withoutGoal(overConnect, grpcPort));
		}
		targets.add(grpcPort);
		return new Scenario("Client side: blocking stubs calling Echo on the starter app, " + payload.label()
				+ " message", concurrency, targets, comparisons);
	}

}
