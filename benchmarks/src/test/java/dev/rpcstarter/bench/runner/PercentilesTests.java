package dev.rpcstarter.bench.runner;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Percentiles}.
 */
class PercentilesTests {

	@Test
	void percentileOfUnsortedValuesIsTheNearestRank() {
		long[] values = { 40, 10, 30, 20 };
		assertThat(Percentiles.of(values, 50)).isEqualTo(20);
		assertThat(Percentiles.of(values, 51)).isEqualTo(30);
		assertThat(Percentiles.of(values, 99)).isEqualTo(40);
		assertThat(Percentiles.of(values, 100)).isEqualTo(40);
	}

	@Test
	void p99OfAHundredValuesIsTheNinetyNinthNotTheLargest() {
		long[] values = new long[100];
		for (int i = 0; i < values.length; i++) {
			values[i] = 100 - i; // 100 down to 1
		}
		assertThat(Percentiles.of(values, 99)).isEqualTo(99);
		assertThat(Percentiles.of(values, 50)).isEqualTo(50);
	}

	@Test
	void p99OfFewValuesIsTheLargest() {
		assertThat(Percentiles.of(new long[] { 7, 3, 5 }, 99)).isEqualTo(7);
	}

	@Test
	void percentileZeroIsTheSmallest() {
		assertThat(Percentiles.of(new long[] { 7, 3, 5 }, 0)).isEqualTo(3);
	}

	@Test
	void percentileOfNoValuesIsNaN() {
		assertThat(Percentiles.of(new long[0], 50)).isNaN();
	}

	@Test
	void medianOfOddRoundsIsTheMiddleOneWithTheRange() {
		Percentiles.Spread spread = Percentiles.spread(List.of(3.0, 9.0, 1.0, 4.0, 5.0));
		assertThat(spread).isEqualTo(new Percentiles.Spread(4.0, 1.0, 9.0));
	}

	@Test
	void medianOfEvenRoundsIsMeanOfMiddleTwo() {
		Percentiles.Spread spread = Percentiles.spread(List.of(8.0, 2.0, 4.0, 6.0));
		assertThat(spread).isEqualTo(new Percentiles.Spread(5.0, 2.0, 8.0));
	}

	@Test
	void spreadOfOneRoundIsThatRoundThrice() {
		assertThat(Percentiles.spread(List.of(1.25))).isEqualTo(new Percentiles.Spread(1.25, 1.25, 1.25));
	}

}
