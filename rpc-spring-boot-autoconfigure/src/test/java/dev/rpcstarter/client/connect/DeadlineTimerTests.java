package dev.rpcstarter.client.connect;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The timer of call deadlines and retry pauses: tasks run when due, in order, unless
 * cancelled, including a task due before the one the timer's thread sleeps for.
 */
class DeadlineTimerTests {

	private final DeadlineTimer timer = new DeadlineTimer((task) -> {
		Thread thread = new Thread(task, "deadline-timer-test");
		thread.setDaemon(true);
		return thread;
	});

	@Test
	void taskDueBeforeTheOneTheThreadSleepsForRunsOnTime() throws InterruptedException {
		CountDownLatch late = new CountDownLatch(1);
		CountDownLatch early = new CountDownLatch(1);
		this.timer.schedule(late::countDown, 1, TimeUnit.HOURS);
		Thread.sleep(50); // the thread now sleeps for the hour
		long start = System.nanoTime();
		this.timer.schedule(early::countDown, 100, TimeUnit.MILLISECONDS);
		assertThat(early.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
		assertThat(late.getCount()).isEqualTo(1);
	}

	@Test
	void cancelledTaskDoesNotRunAndLaterOnesStill() throws InterruptedException {
		AtomicInteger cancelledRuns = new AtomicInteger();
		CountDownLatch later = new CountDownLatch(1);
		DeadlineTimer.Timeout cancelled = this.timer.schedule(cancelledRuns::incrementAndGet, 100,
				TimeUnit.MILLISECONDS);
		this.timer.schedule(later::countDown, 300, TimeUnit.MILLISECONDS);
		assertThat(cancelled.cancel()).isTrue();
		assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(cancelledRuns).hasValue(0);
		assertThat(cancelled.cancel()).isFalse();
	}

	@Test
	void tasksRunInTheOrderTheyAreDue() throws InterruptedException {
		StringBuffer order = new StringBuffer();
		CountDownLatch done = new CountDownLatch(3);
		this.timer.schedule(() -> {
			order.append('c');
			done.countDown();
		}, 300, TimeUnit.MILLISECONDS);
		this.timer.schedule(() -> {
			order.append('a');
			done.countDown();
		}, 100, TimeUnit.MILLISECONDS);
		this.timer.schedule(() -> {
			order.append('b');
			done.countDown();
		}, 200, TimeUnit.MILLISECONDS);
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(order).hasToString("abc");
	}

	@Test
	void afterShutdownScheduledTasksStillRunAndNewOnesAreRefused() throws InterruptedException {
		CountDownLatch pending = new CountDownLatch(1);
		this.timer.schedule(pending::countDown, 100, TimeUnit.MILLISECONDS);
		this.timer.shutdown();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.timer.schedule(() -> {
			}, 1, TimeUnit.MILLISECONDS));
		assertThat(pending.await(5, TimeUnit.SECONDS)).isTrue();
	}

}
