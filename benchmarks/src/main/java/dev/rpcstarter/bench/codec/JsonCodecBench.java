package dev.rpcstarter.bench.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.bench.rest.RestBenchApp;
import dev.rpcstarter.bench.runner.Payload;
import dev.rpcstarter.bench.v1.EchoServiceGrpc;
import dev.rpcstarter.bench.v1.Order;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.MessageCodec;
import dev.rpcstarter.protocol.MethodCodecs;

import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The starter's JSON codec against Jackson databind, in one process, on the same JSON bytes:
 * what the Connect JSON endpoint and the Spring MVC REST endpoint of the full benchmark each
 * spend reading the request body and writing the response body, without the HTTP around them.
 *
 * <p>Both read the order's canonical JSON into an object (a protobuf message; the REST app's
 * records) and write that object back to UTF-8 JSON. Each operation is timed in batches by this
 * thread's CPU time, so other processes on a busy machine do not count; the four operations
 * take turns, batch after batch, and the medians are printed.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath-full.txt) \
 *     dev.rpcstarter.bench.codec.JsonCodecBench [warm-up seconds (30)] [rounds (21)]
 * </pre>
 */
public final class JsonCodecBench {

	/** How long one timed batch runs, long enough that the clock's granularity does not matter. */
	private static final long BATCH_NANOS = 50_000_000;

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** Written where the JIT cannot prove it unused. */
	private static volatile Object sink;

	private JsonCodecBench() {
	}

	public static void main(String[] args) throws IOException {
		long warmUpSeconds = (args.length > 0) ? Long.parseLong(args[0]) : 30;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 21;
		MethodCodecs<Order, Order> codecs = MethodCodecs.of(EchoServiceGrpc.getEchoMethod(),
				JsonFormat.TypeRegistry.getEmptyTypeRegistry());
		// Configured as Spring Boot configures the REST app's.
		ObjectMapper jackson = Jackson2ObjectMapperBuilder.json().build();
		for (Payload payload : Payload.values()) {
			Map<String, Operation> operations = operations(payload, codecs.request(Codec.JSON), jackson);
			Map<String, List<Double>> nanosPerCall = measure(operations, warmUpSeconds, rounds);
			report(payload, nanosPerCall);
		}
	}

	private static Map<String, Operation> operations(Payload payload, MessageCodec<Order> codec, ObjectMapper jackson)
			throws IOException {
		Order message = payload.order();
		byte[] json = JsonFormat.printer().omittingInsignificantWhitespace().print(message).getBytes(StandardCharsets.UTF_8);
		RestBenchApp.Order pojo = jackson.readValue(json, RestBenchApp.Order.class);
		Map<String, Operation> operations = new LinkedHashMap<>();
		operations.put("codec decode", () -> codec.decode(json));
		operations.put("codec encode", () -> codec.encode(message));
		operations.put("jackson read", () -> jackson.readValue(json, RestBenchApp.Order.class));
		operations.put("jackson write", () -> jackson.writeValueAsBytes(pojo));
		return operations;
	}

	private static Map<String, List<Double>> measure(Map<String, Operation> operations, long warmUpSeconds,
			int rounds) {
		long warmUpEnd = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
		while (System.nanoTime() < warmUpEnd) {
			operations.values().forEach(JsonCodecBench::batch);
		}
		Map<String, List<Double>> nanosPerCall = new LinkedHashMap<>();
		for (int round = 0; round < rounds; round++) {
			operations.forEach((name, operation) -> nanosPerCall.computeIfAbsent(name, (key) -> new ArrayList<>())
				.add(batch(operation)));
		}
		return nanosPerCall;
	}

	/** Runs an operation for about {@link #BATCH_NANOS} of CPU time; returns its CPU nanoseconds per call. */
	private static double batch(Operation operation) {
		long start = THREADS.getCurrentThreadCpuTime();
		long calls = 0;
		long elapsed;
		do {
			for (int i = 0; i < 16; i++) {
				sink = operation.call();
			}
			calls += 16;
			elapsed = THREADS.getCurrentThreadCpuTime() - start;
		}
		while (elapsed < BATCH_NANOS);
		return (double) elapsed / calls;
	}

	private static void report(Payload payload, Map<String, List<Double>> nanosPerCall) {
		Map<String, Double> median = new LinkedHashMap<>();
		nanosPerCall.forEach((name, samples) -> median.put(name, median(samples)));
		System.out.printf("%s order, CPU µs per call (median of %d batches):%n", payload.label(),
				nanosPerCall.values().iterator().next().size());
		median.forEach((name, nanos) -> System.out.printf("  %-14s %8.2f%n", name, nanos / 1000));
		double codec = median.get("codec decode") + median.get("codec encode");
		double jackson = median.get("jackson read") + median.get("jackson write");
		System.out.printf("  codec / jackson: decode %.2f, encode %.2f, both %.2f%n",
				median.get("codec decode") / median.get("jackson read"),
				median.get("codec encode") / median.get("jackson write"), codec / jackson);
	}

	private static double median(List<Double> samples) {
		List<Double> sorted = samples.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/** One call of a codec, returning what it made. */
	@FunctionalInterface
	private interface Operation {

		Object run() throws IOException;

		default Object call() {
			try {
				return run();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
