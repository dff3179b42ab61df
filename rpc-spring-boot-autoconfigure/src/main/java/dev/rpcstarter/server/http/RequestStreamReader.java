package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * Reads the body of a request that streams messages into its call, one message ahead of the
 * service at most, with the servlet container's non-blocking reads: no thread waits while the
 * client is silent, so a long client stream or bidirectional stream holds a request thread only
 * while its bytes arrive, not for its whole life. A {@link RequestFraming} divides the body
 * into messages.
 *
 * <p>The container calls {@link #onDataAvailable} when bytes arrive, on one of its threads.
 * The reader starts on the next message only once the call has delivered the last: a service
 * that asks for messages slowly leaves the rest in the container's buffer, and HTTP/2 flow
 * control or TCP then slows the client down. When the call has room again, reading resumes on
 * a container thread.
 */
final class RequestStreamReader implements ReadListener {

	private final HttpServerCall<?, ?> call;

	private final ServletInputStream body;

	/** Divides the body into messages. Guarded by this, as is the field below. */
	private final RequestFraming framing;

	/** Runs reads that resume after a pause, on a container thread. */
	private final Executor resumer;

	/** Whether reading stopped because the call had no room: the call's room resumes it. */
	private final AtomicBoolean pausedForRoom = new AtomicBoolean();

	/** The request ended, failed or was cut off by the call: nothing more to read. */
	private boolean done;

	private RequestStreamReader(HttpServerCall<?, ?> call, ServletInputStream body, RequestFraming framing,
			Executor resumer) {
		this.call = call;
		this.body = body;
		this.framing = framing;
		this.resumer = resumer;
	}

	/**
	 * Reads what has arrived already, on the calling thread, and the rest as it arrives.
	 * @param call the call
	 * @param body the request body
	 * @param framing divides the body into messages
	 * @param exchange the request's exchange: put in async mode if it is not yet, when the body
	 * has more to come, since only then does the container read it without blocking; runs the
	 * reads that resume after the call made room, on a container thread
	 */
	static void readInto(HttpServerCall<?, ?> call, ServletInputStream body, RequestFraming framing,
			AsyncExchange exchange) {
		RequestStreamReader reader = new RequestStreamReader(call, body, framing, exchange::runOnContainerThread);
		call.onRoomForMessage(reader::resume);
		// Most request streams have arrived whole by now (those of unary calls and server
		// streams): reading them here saves the dispatch that a read listener costs.
		synchronized (reader) {
			// Held while the listener is set, so that a read that resumes meanwhile waits for it.
			if (!reader.read(false) && exchange.startAsyncNow()) {
				body.setReadListener(reader);
			}
		}
	}

	@Override
	public void onDataAvailable() {
		read(true);
	}

	@Override
	public void onAllDataRead() {
		read(true);
	}

	@Override
	public void onError(Throwable error) {
		synchronized (this) {
			this.done = true;
		}
		this.call.cancel(Status.CANCELLED.withDescription("the client went away while sending"));
	}

	private void resume() {
		if (this.pausedForRoom.compareAndSet(true, false)) {
			this.resumer.execute(() -> read(true));
		}
	}

	/**
	 * Reads what the container holds, message by message, until it holds no more, the call has
	 * no room, or the request ends.
	 * @param listening whether this reader is the body's read listener, which reads what
	 * {@link ServletInputStream#isReady()} allows; before, it reads only what
	 * {@link ServletInputStream#available()} says has arrived
	 * @return whether reading is over
	 */
	private synchronized boolean read(boolean listening) {
		try {
			while (!this.done) {
				if (!this.call.wantsMessages()) {
					this.done = true;
					break;
				}
				if (!this.framing.inMessage() && !this.call.hasRoomForMessage() && pause()) {
					return false;
				}
				byte[] message = this.framing.nextMessage();
				if (message != null) {
					this.call.receiveMessage(message);
					continue;
				}
				// Checked before isReady(), which at the end of the request only says false.
				if (this.body.isFinished()) {
					end();
					break;
				}
				if (listening ? !this.body.isReady() : this.body.available() <= 0) {
					// A listener's onDataAvailable or onAllDataRead comes next.
					return false;
				}
				if (!this.framing.read(this.body)) {
					end();
				}
			}
		}
		catch (StatusRuntimeException ex) {
			this.done = true;
			this.call.cancel(ex.getStatus());
		}
		catch (IOException ex) {
			this.done = true;
			this.call.cancel(Status.CANCELLED.withDescription("the client went away while sending"));
		}
		return true;
	}

	/**
	 * Stops reading until the call has room, unless it made room meanwhile.
	 * @return whether reading stops
	 */
	private boolean pause() {
		this.pausedForRoom.set(true);
		// The call may have made room before it could see the pause: then read on here.
		return !this.call.hasRoomForMessage() || !this.pausedForRoom.compareAndSet(true, false);
	}

	/**
	 * The request ended: the client's half-close, after a last message that only the end
	 * makes whole; inside a message, a truncated request.
	 */
	private void end() {
		this.done = true;
		byte[] last = this.framing.end();
		if (last != null) {
			this.call.receiveMessage(last);
		}
		this.call.receiveHalfClose();
	}

}
