package dev.rpcstarter.interop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;

/**
 * Collects the responses of an async stub's call, for a test to wait for.
 */
final class AwaitedResponses<T> implements StreamObserver<T> {

	private final List<T> messages = new CopyOnWriteArrayList<>();

	private final LinkedBlockingQueue<T> arrivals = new LinkedBlockingQueue<>();

	private final CompletableFuture<List<T>> completed = new CompletableFuture<>();

	@Override
	public void onNext(T message) {
		this.messages.add(message);
		this.arrivals.add(message);
	}

	@Override
	public void onError(Throwable error) {
		this.completed.completeExceptionally(error);
	}

	@Override
	public void onCompleted() {
		this.completed.complete(List.copyOf(this.messages));
	}

	/**
	 * @param timeout how long to wait at most
	 * @return the next message that arrived, or {@code null} if none arrived in time
	 */
	T next(Duration timeout) throws InterruptedException {
		return this.arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * @param timeout how long to wait at most
	 * @return every message, once the call completed successfully
	 * @throws Exception the call's error, or a timeout
	 */
	List<T> await(Duration timeout) throws Exception {
		try {
			return this.completed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

}
