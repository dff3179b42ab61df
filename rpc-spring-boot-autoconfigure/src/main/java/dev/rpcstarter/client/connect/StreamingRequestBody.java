package dev.rpcstarter.client.connect;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body of a request whose messages are sent while the call runs (client streaming and
 * bidirectional calls): frames go out as the caller sends them, and the body ends with the
 * half-close. Frames sent before the HTTP client subscribes, or faster than it asks, wait here.
 */
final class StreamingRequestBody implements HttpRequest.BodyPublisher {

	private final Queue<ByteBuffer> frames = new ConcurrentLinkedQueue<>();

	private final AtomicLong demand = new AtomicLong();

	/** Counts the callers of {@link #drain()}; only the one that raises it from zero drains. */
	private final AtomicInteger drainers = new AtomicInteger();

	private volatile Flow.Subscriber<? super ByteBuffer> subscriber;

	private volatile boolean halfClosed;

	private volatile boolean cancelled;

	/** Touched only while draining. */
	private boolean completed;

	@Override
	public long contentLength() {
		return -1;
	}

	@Override
	public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
		if (this.subscriber != null) {
			// The frames are handed out once; a second reader would get a truncated body.
			subscriber.onSubscribe(new Subscription());
			subscriber.onError(new IllegalStateException("a streaming request body can be sent only once"));
			return;
		}
		this.subscriber = subscriber;
		subscriber.onSubscribe(new Subscription());
		drain();
	}

	void send(byte[] frame) {
		this.frames.add(ByteBuffer.wrap(frame));
		drain();
	}

	void halfClose() {
		this.halfClosed = true;
		drain();
	}

	private void drain() {
		if (this.drainers.getAndIncrement() != 0) {
			return;
		}
		do {
			Flow.Subscriber<? super ByteBuffer> target = this.subscriber;
			if (target != null && !this.cancelled && !this.completed) {
				while (this.demand.get() > 0 && !this.frames.isEmpty()) {
					this.demand.decrementAndGet();
					target.onNext(this.frames.poll());
				}
				if (this.halfClosed && this.frames.isEmpty()) {
					this.completed = true;
					target.onComplete();
				}
			}
		}
		while (this.drainers.decrementAndGet() != 0);
	}

	private final class Subscription implements Flow.Subscription {

		@Override
		public void request(long n) {
			StreamingRequestBody.this.demand.getAndUpdate((current) -> (current + n < 0) ? Long.MAX_VALUE : current + n);
			drain();
		}

		@Override
		public void cancel() {
			StreamingRequestBody.this.cancelled = true;
			StreamingRequestBody.this.frames.clear();
		}

	}

}
