package dev.rpcstarter.client.connect;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.MessageLite;

/**
 * The request messages that a {@link RepeatedCall} has sent so far, kept to be sent again on its
 * next attempt until the call is committed to one. The one message of a unary or server
 * streaming call is kept whatever its size; the messages of a client streaming or bidirectional
 * call only within {@link StreamingRequestBody#REPLAY_LIMIT_BYTES} and the channel's
 * {@link ReplayBudget}, as grpc-java keeps a retried call's messages within its retry buffer: a
 * call that sent more can have no further attempt. Guarded by the call's lock.
 */
final class RequestReplay<ReqT> {

	private final ReplayBudget budget;

	/** Whether the kept messages count against the limits: a streaming request's. */
	private final boolean limited;

	private final List<ReqT> messages = new ArrayList<>(1);

	/** The bytes taken from the budget. */
	private long bytes;

	/** Whether every message sent so far is kept. */
	private boolean whole = true;

	/**
	 * @param budget the channel's budget, for a streaming request's messages
	 * @param limited whether the request streams, so that its messages count against the limits
	 */
	RequestReplay(ReplayBudget budget, boolean limited) {
		this.budget = budget;
		this.limited = limited;
	}

	/**
	 * Keeps a message the caller sent, if every one before it is kept and it fits.
	 * @param message the message
	 */
	void add(ReqT message) {
		if (!this.whole) {
			return;
		}
		if (this.limited) {
			// A message whose size is unknown cannot be counted, so it is not kept.
			long size = (message instanceof MessageLite lite) ? lite.getSerializedSize() : Long.MAX_VALUE;
			if (size > StreamingRequestBody.REPLAY_LIMIT_BYTES - this.bytes || !this.budget.take(size)) {
				release();
				return;
			}
			this.bytes += size;
		}
		this.messages.add(message);
	}

	/**
	 * Whether every message sent so far is kept, so that a new attempt can send them all.
	 * @return whether the call may have another attempt
	 */
	boolean isWhole() {
		return this.whole;
	}

	/**
	 * The messages to send on a new attempt, in the order the caller sent them.
	 * @return the messages
	 */
	List<ReqT> messages() {
		return this.messages;
	}

	/** Lets go of the messages: the call has committed to an attempt, or sent too much. */
	void release() {
		this.whole = false;
		this.messages.clear();
		this.budget.giveBack(this.bytes);
		this.bytes = 0;
	}

}
