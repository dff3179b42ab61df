package dev.rpcstarter.client.connect;

import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the timed tasks of a channel (call deadlines, pauses between retries) on one thread,
 * which exists only while there are tasks or for a little while after.
 *
 * <p>Nearly every call ends before its deadline and cancels its task. A
 * {@link java.util.concurrent.ScheduledThreadPoolExecutor} wakes its thread each time a new
 * task becomes the earliest one, which, for calls made one at a time, is every call: a context
 * switch per call on the caller's core, for nothing. This timer wakes its thread only for a
 * task due before the time the thread already sleeps until; a cancelled task does not wake
 * it, and the thread, when it wakes for it, finds nothing due and sleeps on until the next.
 */
final class DeadlineTimer {

	/** How long the thread waits for new tasks once it has none left. */
	private static final long KEEP_ALIVE = TimeUnit.SECONDS.toNanos(10);

	private final ThreadFactory threads;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition earlierTask = this.lock.newCondition();

	/** Pending tasks, earliest first. Guarded by {@link #lock}, as are the fields below. */
	private final TreeSet<Task> tasks = new TreeSet<>();

	private long sequence;

	/** Whether the thread runs; it then looks at the earliest task before it sleeps. */
	private boolean threadRunning;

	/** Whether the thread sleeps, until {@link #wakeAt}. */
	private boolean sleeping;

	private long wakeAt;

	private boolean shutdown;

	/**
	 * @param threads makes the timer's thread
	 */
	DeadlineTimer(ThreadFactory threads) {
		this.threads = threads;
	}

	/**
	 * Runs a task once a delay has passed, unless it is cancelled before.
	 * @param task what to run
	 * @param delay the delay
	 * @param unit the unit of the delay
	 * @return the task, to cancel
	 * @throws RejectedExecutionException once the timer is shut down
	 */
	Timeout schedule(Runnable task, long delay, TimeUnit unit) {
		long due = System.nanoTime() + Math.max(0, unit.toNanos(delay));
		this.lock.lock();
		try {
			if (this.shutdown) {
				throw new RejectedExecutionException("the timer is shut down");
			}
			Task scheduled = new Task(task, due, this.sequence++);
			this.tasks.add(scheduled);
			if (!this.threadRunning) {
				this.threadRunning = true;
				this.threads.newThread(this::runTasks).start();
			}
			else if (this.sleeping && due - this.wakeAt < 0) {
				this.earlierTask.signal();
			}
			return scheduled;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Refuses new tasks; those already scheduled still run when due.
	 */
	void shutdown() {
		this.lock.lock();
		try {
			this.shutdown = true;
			this.earlierTask.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The loop of the timer's thread, which ends when there is nothing left to wait for. */
	private void runTasks() {
		this.lock.lock();
		try {
			long idleSince = System.nanoTime();
			while (true) {
				long now = System.nanoTime();
				Task first = this.tasks.isEmpty() ? null : this.tasks.first();
				if (first != null && first.due - now <= 0) {
					this.tasks.pollFirst();
					runUnlocked(first.task);
					idleSince = System.nanoTime();
					continue;
				}
				if (first == null && (this.shutdown || now - idleSince >= KEEP_ALIVE)) {
					this.threadRunning = false;
					return;
				}
				long wait = (first != null) ? first.due - now : KEEP_ALIVE - (now - idleSince);
				this.sleeping = true;
				this.wakeAt = now + wait;
				try {
					this.earlierTask.awaitNanos(wait);
				}
				catch (InterruptedException ex) {
					// The thread ends only when it has no task left; an interrupt makes it look again.
				}
				finally {
					this.sleeping = false;
				}
				if (first != null) {
					idleSince = System.nanoTime();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void runUnlocked(Runnable task) {
		this.lock.unlock();
		try {
			task.run();
		}
		catch (RuntimeException | Error ex) {
			Thread thread = Thread.currentThread();
			thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
		}
		finally {
			this.lock.lock();
		}
	}

	/**
	 * A scheduled task.
	 */
	interface Timeout {

		/**
		 * Keeps the task from running.
		 * @return whether it had not run yet
		 */
		boolean cancel();

	}

	private final class Task implements Timeout, Comparable<Task> {

		private final Runnable task;

		private final long due;

		private final long sequence;

		Task(Runnable task, long due, long sequence) {
			this.task = task;
			this.due = due;
			this.sequence = sequence;
		}

		@Override
		public boolean cancel() {
			DeadlineTimer.this.lock.lock();
			try {
				return DeadlineTimer.this.tasks.remove(this);
			}
			finally {
				DeadlineTimer.this.lock.unlock();
			}
		}

		@Override
		public int compareTo(Task other) {
			long difference = this.due - other.due;
			return (difference != 0) ? Long.signum(difference) : Long.compare(this.sequence, other.sequence);
		}

	}

}
