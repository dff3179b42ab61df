package dev.rpcstarter.client.connect;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a picker asks its source to list the servers again: when one could not be reached, and
 * when a call finds none listed, each at most once a second.
 */
class BaseUriPickerTests {

	private static final URI ONE = URI.create("http://one:8080");

	private final CountingSource source = new CountingSource();

	@Test
	void emptyListIsListedAgainByTheFirstCallThatFindsItEmptyAndNotByTheNextOnesWithinASecond() {
		BaseUriPicker picker = BaseUriPicker.roundRobin(List.of());
		picker.updatedBy(this.source);

		assertThat(picker.pick()).isNull();
		assertThat(this.source.refreshes).hasValue(1);
		assertThat(picker.pick()).isNull();
		assertThat(this.source.refreshes).hasValue(1);
	}

	@Test
	void emptyListIsListedAgainAfterASecond() throws InterruptedException {
		BaseUriPicker picker = BaseUriPicker.roundRobin(List.of());
		picker.updatedBy(this.source);
		picker.pick();

		Thread.sleep(1100);
		picker.pick();
		assertThat(this.source.refreshes).hasValue(2);
	}

	@Test
	void listThatHasServersIsNotListedAgainByCalls() {
		BaseUriPicker picker = BaseUriPicker.roundRobin(List.of(ONE));
		picker.updatedBy(this.source);

		assertThat(picker.pick()).isEqualTo(ONE);
		assertThat(this.source.refreshes).hasValue(0);
	}

	@Test
	void unreachableServerHasTheListListedAgainOnceWhileItIsSkipped() {
		BaseUriPicker picker = BaseUriPicker.roundRobin(List.of(ONE));
		picker.updatedBy(this.source);

		picker.unreachable(ONE);
		picker.unreachable(ONE);
		assertThat(this.source.refreshes).hasValue(1);
	}

	private static final class CountingSource implements BaseUriPicker.Source {

		private final AtomicInteger refreshes = new AtomicInteger();

		@Override
		public void refresh() {
			this.refreshes.incrementAndGet();
		}

		@Override
		public void close() {
		}

	}

}
