package dev.rpcstarter.bench.runner;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import dev.rpcstarter.bench.raw.RawGrpcInStarterJvm;
import dev.rpcstarter.bench.raw.RawGrpcServer;
import dev.rpcstarter.bench.rest.RestBenchApp;
import dev.rpcstarter.bench.service.GrpcExecutor;
import dev.rpcstarter.bench.starter.StarterBenchApp;
import dev.rpcstarter.bench.v1.Order;

/**
 * Starts the servers under test and stops every one of them on {@link #close()}.
 */
final class Servers implements AutoCloseable {

	static final String ECHO_PATH = "/bench.v1.EchoService/Echo";

	static final String STREAM_PATH = "/bench.v1.EchoService/StreamEcho";

	static final String REST_PATH = "/orders/echo";

	/** The smaller {@code rpc.http.http2-initial-window-size} some targets are measured with. */
	static final String SMALL_HTTP2_WINDOW = "16KB";

	private final Workspace workspace;

	private final List<ServerProcess> running = new ArrayList<>();

	private final Order probeOrder = Payload.SMALL.order();

	Servers(Workspace workspace) {
		this.workspace = workspace;
	}

	/**
	 * Raw grpc-java on Netty.
	 * @param executor the executor of service code
	 * @return the server and its gRPC port
	 */
	Launched rawGrpc(GrpcExecutor executor) throws IOException, InterruptedException {
		int port = freePort();
		return track(new Launched(ServerProcess.start("raw grpc-java " + executor.name().toLowerCase(),
				List.of(RawGrpcServer.class.getName(), Integer.toString(port), executor.name()),
				this.workspace.classpath("full"), this.workspace, () -> Probes.grpcEcho(port, this.probeOrder)), port, -1));
	}

	/**
	 * The starter app: gRPC through net.devh and Connect on the web port. Ready when both
	 * answer.
	 * @param executor the executor of the gRPC server
	 * @return the server and its ports
	 */
	Launched starter(GrpcExecutor executor) throws IOException, InterruptedException {
		return starter("starter " + executor.name().toLowerCase(), executor);
	}

	/**
	 * The starter app again, in a JVM of its own for the targets on its web port, so that the
	 * gRPC targets' JVMs compile and collect only what gRPC calls need, as raw grpc-java's does.
	 * @return the server and its ports
	 */
	Launched starterForWebPort() throws IOException, InterruptedException {
		return starter("starter web port", GrpcExecutor.DIRECT);
	}

	/**
	 * The starter app for its web port, with Tomcat's request threads virtual
	 * ({@code spring.threads.virtual.enabled}): Java 21 or later.
	 * @return the server and its ports
	 */
	Launched starterForWebPortOnVirtualThreads() throws IOException, InterruptedException {
		return starter("starter web port, virtual threads", GrpcExecutor.DIRECT,
				List.of(StarterBenchApp.class.getName(), "--spring.threads.virtual.enabled=true"));
	}

	/**
	 * The starter app for its web port, with an HTTP/2 flow-control window of
	 * {@link #SMALL_HTTP2_WINDOW} rather than Tomcat's default 64 KiB: Tomcat allocates two
	 * buffers of the window for every stream that sends a body and holds them while the stream
	 * is open, which costs CPU per call and heap per open stream.
	 * @return the server and its ports
	 */
	Launched starterForWebPortWithSmallWindow() throws IOException, InterruptedException {
		return starter("starter web port, HTTP/2 window " + SMALL_HTTP2_WINDOW, GrpcExecutor.DIRECT,
				List.of(StarterBenchApp.class.getName(), "--rpc.http.http2-initial-window-size=" + SMALL_HTTP2_WINDOW));
	}

	/**
	 * The control JVM: raw grpc-java started in a JVM that also runs the starter app, which
	 * splits the starter's gap to raw grpc-java into its call path and its JVM. See
	 * {@link RawGrpcInStarterJvm}.
	 * @param executor the executor of both gRPC servers in that JVM
	 * @return both servers, one process
	 */
	ControlJvm controlJvm(GrpcExecutor executor) throws IOException, InterruptedException {
		int rawPort = freePort();
		Launched app = starter("control JVM " + executor.name().toLowerCase(), executor,
				List.of(RawGrpcInStarterJvm.class.getName(), Integer.toString(rawPort), executor.name()));
		return new ControlJvm(new Launched(app.process(), rawPort, -1), app);
	}

	private Launched starter(String name, GrpcExecutor executor) throws IOException, InterruptedException {
		return starter(name, executor, List.of(StarterBenchApp.class.getName()));
	}

	/**
	 * @param mainClassAndArgs the main class, and its own arguments that come before the starter app's
	 */
	private Launched starter(String name, GrpcExecutor executor, List<String> mainClassAndArgs)
			throws IOException, InterruptedException {
		int grpcPort = freePort();
		int webPort = freePort();
		List<String> args = new ArrayList<>(mainClassAndArgs);
		args.addAll(webArgs(webPort));
		args.addAll(List.of("--grpc.server.address=127.0.0.1", "--grpc.server.port=" + grpcPort,
				"--rpc.grpc.executor=" + executor.name()));
		ServerProcess process = ServerProcess.start(name, args,
				this.workspace.classpath("full"), this.workspace, () -> {
					Probes.grpcEcho(grpcPort, this.probeOrder);
					Probes.http1Post(webPort, ECHO_PATH, Wire.CONNECT_JSON.headers(), Wire.CONNECT_JSON.encode(this.probeOrder));
				});
		return track(new Launched(process, grpcPort, webPort));
	}

	/**
	 * The plain Spring Boot web app with a REST controller, on a classpath without the starter.
	 * @param blockingHttp2Reader whether Tomcat reads HTTP/2 frames with its blocking reader, as
	 * the starter has it do, rather than with its default asynchronous one
	 * @return the server and its web port
	 */
	Launched rest(boolean blockingHttp2Reader) throws IOException, InterruptedException {
		int webPort = freePort();
		List<String> args = new ArrayList<>(List.of(RestBenchApp.class.getName()));
		args.addAll(webArgs(webPort));
		args.add("--bench.blocking-http2-reader=" + blockingHttp2Reader);
		String name = blockingHttp2Reader ? "spring mvc rest, blocking http2 reader" : "spring mvc rest";
		ServerProcess process = ServerProcess.start(name, args, this.workspace.classpath("rest"),
				this.workspace, () -> Probes.http1Post(webPort, REST_PATH, Wire.REST_JSON.headers(),
						Wire.REST_JSON.encode(this.probeOrder)));
		return track(new Launched(process, -1, webPort));
	}

	/**
	 * The sample user app, from the jar {@code run-samples.sh} runs, on free ports. Ready when
	 * it answers a {@code GetUser} of an unknown user with {@code not_found}: an answer that
	 * went through its database. The email app it calls is not started; it is called only when
	 * a user is created.
	 * @return the server and its ports
	 */
	Launched sampleUserApp() throws IOException, InterruptedException {
		int grpcPort = freePort();
		int webPort = freePort();
		// Spring Boot's launcher finds the jar it runs from, so -cp with the jar works like -jar.
		List<String> args = new ArrayList<>(List.of("org.springframework.boot.loader.launch.JarLauncher"));
		args.addAll(webArgs(webPort));
		args.addAll(List.of("--grpc.server.address=127.0.0.1", "--grpc.server.port=" + grpcPort));
		ServerProcess process = ServerProcess.start("sample user app", args,
				this.workspace.sampleUserAppJar().toString(), this.workspace,
				() -> Probes.connectJsonError(webPort, "/sample.user.v1.UserService/GetUser", "{\"userId\":\"nobody\"}",
						404, "not_found"));
		return track(new Launched(process, grpcPort, webPort));
	}

	/** Identical web server settings for the starter and the REST app. */
	private static List<String> webArgs(int port) {
		return List.of("--server.address=127.0.0.1", "--server.port=" + port, "--server.http2.enabled=true",
				"--spring.main.banner-mode=off");
	}

	private Launched track(Launched launched) {
		this.running.add(launched.process());
		return launched;
	}

	/** A port free now; another process could take it before the server binds, which fails the run. */
	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		for (ServerProcess server : this.running) {
			server.close();
		}
		this.running.clear();
	}

	/**
	 * A started server and its ports.
	 * @param process the process
	 * @param grpcPort its gRPC port, or -1
	 * @param webPort its web (HTTP/1.1 and h2c) port, or -1
	 */
	record Launched(ServerProcess process, int grpcPort, int webPort) {
	}

	/**
	 * The gRPC servers compared on one executor.
	 * @param raw raw grpc-java
	 * @param starter the starter app
	 * @param control raw grpc-java and the starter app in one more JVM
	 */
	record GrpcServers(Launched raw, Launched starter, ControlJvm control) {
	}

	/**
	 * The control JVM's two servers.
	 * @param raw raw grpc-java, on a gRPC port of its own
	 * @param starter the starter app, with its own gRPC and web ports
	 */
	record ControlJvm(Launched raw, Launched starter) {
	}

}
