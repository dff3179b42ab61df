package dev.rpcstarter.bench.runner;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's live objects by class, as {@code jcmd <pid> GC.class_histogram} prints them. That
 * command collects fully first and counts only what survives, in one step: no allocation of the
 * server between a collection and the reading gets counted, and the per-class counts show what
 * a difference is made of.
 *
 * @param classes instances and bytes of each class
 * @param totalBytes bytes of all live objects
 */
record HeapHistogram(Map<String, Live> classes, long totalBytes) {

	/** {@code    1:     12345     678901  [B (java.base@17.0.15)}: rank, instances, bytes, class. */
	private static final Pattern CLASS_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$",
			Pattern.MULTILINE);

	private static final Pattern TOTAL_LINE = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$", Pattern.MULTILINE);

	/**
	 * Reads {@code GC.class_histogram}'s output.
	 * @param output the output
	 * @return the histogram
	 * @throws IllegalStateException when the output has no total
	 */
	static HeapHistogram parse(String output) {
		Map<String, Live> classes = new HashMap<>();
		Matcher line = CLASS_LINE.matcher(output);
		while (line.find()) {
			classes.put(line.group(3), new Live(Long.parseLong(line.group(1)), Long.parseLong(line.group(2))));
		}
		Matcher total = TOTAL_LINE.matcher(output);
		if (!total.find()) {
			throw new IllegalStateException("no total in the class histogram: "
					+ output.substring(0, Math.min(200, output.length())));
		}
		return new HeapHistogram(classes, Long.parseLong(total.group(1)));
	}

	/**
	 * The classes whose live bytes grew most since an earlier histogram.
	 * @param earlier the earlier histogram of the same process
	 * @param limit how many classes at most
	 * @return the classes, largest growth first, with what they grew by
	 */
	List<Growth> largestGrowthSince(HeapHistogram earlier, int limit) {
		return this.classes.entrySet()
			.stream()
			.map((entry) -> {
				Live before = earlier.classes().getOrDefault(entry.getKey(), Live.NONE);
				return new Growth(entry.getKey(), entry.getValue().instances() - before.instances(),
						entry.getValue().bytes() - before.bytes());
			})
			.sorted(Comparator.comparingLong(Growth::bytes).reversed())
			.limit(limit)
			.toList();
	}

	/**
	 * The live objects of one class.
	 * @param instances how many
	 * @param bytes their shallow size
	 */
	record Live(long instances, long bytes) {

		static final Live NONE = new Live(0, 0);

	}

	/**
	 * What one class grew by.
	 * @param className the class, as the histogram names it
	 * @param instances more instances
	 * @param bytes more bytes
	 */
	record Growth(String className, long instances, long bytes) {

		@Override
		public String toString() {
			return this.className + " +" + this.instances + " (" + this.bytes + " B)";
		}

	}

}
