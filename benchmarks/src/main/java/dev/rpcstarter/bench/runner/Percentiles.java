package dev.rpcstarter.bench.runner;

import java.util.Arrays;
import java.util.List;

/**
 * Order statistics: percentiles of latencies, medians and ranges of rounds.
 */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The nearest-rank percentile.
	 * @param values the values, in any order; sorted in place
	 * @param percentile 0 to 100
	 * @return the value, or NaN when there are none
	 */
	static double of(long[] values, double percentile) {
		if (values.length == 0) {
			return Double.NaN;
		}
		Arrays.sort(values);
		int rank = (int) Math.ceil(percentile / 100 * values.length);
		return values[Math.max(0, rank - 1)];
	}

	/**
	 * The median of a few rounds' figures, with their range.
	 * @param values one figure per round
	 * @return median, min and max
	 */
	static Spread spread(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = sorted.length;
		double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		return new Spread(median, sorted[0], sorted[n - 1]);
	}

	/**
	 * A median with the smallest and largest value it was taken from.
	 * @param median the median
	 * @param min the smallest
	 * @param max the largest
	 */
	record Spread(double median, double min, double max) {
	}

}
