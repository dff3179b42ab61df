package dev.rpcstarter.bench.runner;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link HeapHistogram}: {@code jcmd <pid> GC.class_histogram}'s output as JDK 17
 * prints it, and the growth between two readings that the open-streams table shows.
 */
class HeapHistogramTests {

	private static final String BEFORE = """
			8223:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         13053         794888  [B (java.base@17.0.15)
			   2:          3003         360968  java.lang.Class (java.base@17.0.15)
			   3:         12893         309432  java.lang.String (java.base@17.0.15)
			   4:          1940         170408  [Ljava.lang.Object; (java.base@17.0.15)
			 699:             1             16  sun.nio.fs.NativeBuffers$1 (java.base@17.0.15)
			Total         30890        1635712
			""";

	private static final String WITH_STREAMS = """
			8223:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         15053        2794888  [B (java.base@17.0.15)
			   2:          2000         192000  io.grpc.internal.MessageFramer
			   3:         14893         357432  java.lang.String (java.base@17.0.15)
			   4:          3003         360968  java.lang.Class (java.base@17.0.15)
			   5:          1500         150408  [Ljava.lang.Object; (java.base@17.0.15)
			1000:             1             16  sun.nio.fs.NativeBuffers$1 (java.base@17.0.15)
			Total         36450        3855712
			""";

	@Test
	void classLinesGiveInstancesAndBytesByClassWithoutModule() {
		HeapHistogram histogram = HeapHistogram.parse(BEFORE);
		assertThat(histogram.totalBytes()).isEqualTo(1635712);
		assertThat(histogram.classes()).hasSize(5)
			.containsEntry("[B", new HeapHistogram.Live(13053, 794888))
			.containsEntry("[Ljava.lang.Object;", new HeapHistogram.Live(1940, 170408))
			.containsEntry("sun.nio.fs.NativeBuffers$1", new HeapHistogram.Live(1, 16));
	}

	@Test
	void outputWithoutTotalIsRejected() {
		String output = "8223:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file\n";
		assertThatIllegalStateException().isThrownBy(() -> HeapHistogram.parse(output))
			.withMessageStartingWith("no total in the class histogram: 8223:");
	}

	@Test
	void largestGrowthComesFirstAndCountsNewClassesWhole() {
		HeapHistogram before = HeapHistogram.parse(BEFORE);
		HeapHistogram with = HeapHistogram.parse(WITH_STREAMS);
		assertThat(with.largestGrowthSince(before, 3)).containsExactly(new HeapHistogram.Growth("[B", 2000, 2000000),
				new HeapHistogram.Growth("io.grpc.internal.MessageFramer", 2000, 192000),
				new HeapHistogram.Growth("java.lang.String", 2000, 48000));
	}

	@Test
	void classesThatShrankComeLastWithNegativeGrowth() {
		HeapHistogram before = HeapHistogram.parse(BEFORE);
		HeapHistogram with = HeapHistogram.parse(WITH_STREAMS);
		assertThat(with.largestGrowthSince(before, 10)).hasSize(6)
			.last()
			.isEqualTo(new HeapHistogram.Growth("[Ljava.lang.Object;", -440, -20000));
	}

}
