package dev.rpcstarter.bench.raw;

import java.util.Arrays;

import dev.rpcstarter.bench.service.GrpcExecutor;
import dev.rpcstarter.bench.starter.StarterBenchApp;

/**
 * A control for the starter's gRPC targets: the hand-wired raw grpc-java server, started in a
 * JVM that also runs the starter app. Its calls take raw grpc-java's path, but in the starter's
 * process (its heap, loaded classes and JIT), so comparing it with the starter tells what the
 * starter's call path costs, and comparing it with raw grpc-java tells what hosting a Spring app
 * in the same JVM costs.
 *
 * <p>Arguments: {@code <raw port> <direct|default>}, then the starter app's arguments.
 */
public final class RawGrpcInStarterJvm {

	private RawGrpcInStarterJvm() {
	}

	public static void main(String[] args) throws Exception {
		RawGrpcServer.start(Integer.parseInt(args[0]), GrpcExecutor.of(args[1]));
		StarterBenchApp.main(Arrays.copyOfRange(args, 2, args.length));
	}

}
