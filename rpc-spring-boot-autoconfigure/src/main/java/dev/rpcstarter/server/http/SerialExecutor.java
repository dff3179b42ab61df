package dev.rpcstarter.server.http;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks one at a time, in the order they were submitted, on a delegate executor.
 *
 * <p>A {@link io.grpc.ServerCall.Listener} must never be called concurrently, yet its events
 * come from several threads: the request thread, the deadline timer, a client that goes away.
 * With a direct delegate the thread that submits a task runs it, unless another thread is
 * already draining the queue, in which case that thread runs it next: no thread hop on the
 * common path, and no recursion when a task submits another.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean draining = new AtomicBoolean();

	/** The thread running the tasks, while one does. */
	private volatile Thread drainer;

	private final Executor delegate;

	SerialExecutor(Executor delegate) {
		this.delegate = delegate;
	}

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		scheduleDrain();
	}

	/**
	 * Whether the current thread is running this executor's tasks: a task it submits then
	 * runs only after the current one returns, so it must not wait for that task.
	 * @return whether the current thread drains this executor
	 */
	boolean drainsOnCurrentThread() {
		return this.drainer == Thread.currentThread();
	}

	private void scheduleDrain() {
		if (this.draining.compareAndSet(false, true)) {
			this.delegate.execute(this::drain);
		}
	}

	private void drain() {
		this.drainer = Thread.currentThread();
		try {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				try {
					task.run();
				}
				catch (RuntimeException | Error ex) {
					logger.error("Call event handler failed", ex);
				}
			}
		}
		finally {
			this.drainer = null;
			this.draining.set(false);
			// A task may have arrived between the last poll and the reset of the flag.
			if (!this.tasks.isEmpty()) {
				scheduleDrain();
			}
		}
	}

}
