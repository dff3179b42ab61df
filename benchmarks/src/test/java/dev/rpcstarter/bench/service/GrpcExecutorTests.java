package dev.rpcstarter.bench.service;

import io.grpc.ServerBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The executors' names in tables, and virtual threads on a Java that has them or not.
 */
class GrpcExecutorTests {

	@Test
	void tablesNameTheExecutorsInWords() {
		assertThat(GrpcExecutor.DIRECT.label()).isEqualTo("direct");
		assertThat(GrpcExecutor.DEFAULT.label()).isEqualTo("default");
		assertThat(GrpcExecutor.VIRTUAL_THREADS.label()).isEqualTo("virtual threads");
		assertThat(GrpcExecutor.of("virtual_threads")).isEqualTo(GrpcExecutor.VIRTUAL_THREADS);
	}

	@Test
	void virtualThreadsNeedJava21() {
		ServerBuilder<?> builder = ServerBuilder.forPort(0);
		if (Runtime.version().feature() >= 21) {
			assertThatNoException().isThrownBy(() -> GrpcExecutor.VIRTUAL_THREADS.applyTo(builder));
		}
		else {
			assertThatIllegalStateException().isThrownBy(() -> GrpcExecutor.VIRTUAL_THREADS.applyTo(builder))
				.withMessageStartingWith("virtual threads need Java 21 or later; this is Java ");
		}
	}

}
