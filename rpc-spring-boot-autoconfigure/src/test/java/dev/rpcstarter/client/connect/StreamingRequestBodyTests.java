package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import okio.Buffer;
import okio.Okio;
import okio.Sink;
import okio.Timeout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StreamingRequestBody} over HTTP/2: what a body sends again on a new stream
 * after the server refused the one that carried it.
 */
class StreamingRequestBodyTests {

	private final ReplayBudget channelBudget = new ReplayBudget(ReplayBudget.CHANNEL_BYTES);

	private final StreamingRequestBody body = duplexBody(this.channelBudget);

	@Test
	void reopenedBodySendsEveryFrameAgainThenTheFramesThatFollow() throws IOException {
		this.body.send(frame("a"));
		RecordingSink refused = new RecordingSink();
		this.body.writeTo(Okio.buffer(refused));
		this.body.send(frame("b"));
		// The stream was refused: writes to it fail from now on.
		refused.failing = true;
		this.body.send(frame("c"));

		assertThat(this.body.reopen()).isTrue();
		Buffer retried = new Buffer();
		this.body.writeTo(retried);
		this.body.send(frame("d"));
		this.body.halfClose();

		assertThat(refused.written.readUtf8()).isEqualTo("ab");
		assertThat(retried.readUtf8()).isEqualTo("abcd");
	}

	@Test
	void reopenedBodyThatWasHalfClosedEndsAfterItsFrames() throws IOException {
		this.body.send(frame("a"));
		this.body.halfClose();
		this.body.writeTo(new Buffer());

		assertThat(this.body.reopen()).isTrue();
		RecordingSink retried = new RecordingSink();
		this.body.writeTo(Okio.buffer(retried));
		assertThat(retried.written.readUtf8()).isEqualTo("a");
		assertThat(retried.closed).isTrue();
	}

	@Test
	void bodyIsNotSentAgainOnceItsResponseBegan() throws IOException {
		this.body.send(frame("a"));
		this.body.writeTo(new Buffer());
		this.body.responseBegan();
		assertThat(this.body.reopen()).isFalse();
	}

	@Test
	void bodyIsNotSentAgainOnceItSentMoreThanItKeeps() throws IOException {
		this.body.writeTo(new Buffer());
		this.body.send(new byte[StreamingRequestBody.REPLAY_LIMIT_BYTES]);
		assertThat(this.body.reopen()).isTrue();
		this.body.writeTo(new Buffer());
		this.body.send(new byte[1]);
		assertThat(this.body.reopen()).isFalse();
	}

	@Test
	void cancelledBodyIsNotSentAgain() throws IOException {
		this.body.send(frame("a"));
		this.body.writeTo(new Buffer());
		this.body.cancel();
		assertThat(this.body.reopen()).isFalse();
	}

	@Test
	void bodiesOfAChannelKeepNoMoreThanItsBudgetTogetherAndGiveItBack() throws IOException {
		ReplayBudget budget = new ReplayBudget(10);
		StreamingRequestBody first = duplexBody(budget);
		StreamingRequestBody second = duplexBody(budget);
		first.writeTo(new Buffer());
		second.writeTo(new Buffer());
		first.send(frame("123456"));
		second.send(frame("abcdef"));
		assertThat(first.reopen()).isTrue();
		assertThat(second.reopen()).as("kept nothing: the budget had 4 bytes left").isFalse();

		first.responseBegan();
		StreamingRequestBody third = duplexBody(budget);
		third.writeTo(new Buffer());
		third.send(frame("0123456789"));
		assertThat(third.reopen()).as("kept everything: the first gave its 6 bytes back").isTrue();
		third.cancel();
		assertThat(budget.take(10)).as("the cancelled one gave its bytes back too").isTrue();
	}

	private static StreamingRequestBody duplexBody(ReplayBudget budget) {
		StreamingRequestBody body = new StreamingRequestBody(budget);
		body.fullDuplex(true);
		return body;
	}

	private static byte[] frame(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/** A stream's sink: takes bytes until it is told to fail, and tells whether it was closed, which ends a body. */
	private static final class RecordingSink implements Sink {

		private final Buffer written = new Buffer();

		private volatile boolean failing;

		private boolean closed;

		@Override
		public void write(Buffer source, long byteCount) throws IOException {
			if (this.failing) {
				throw new IOException("stream was reset: REFUSED_STREAM");
			}
			this.written.write(source, byteCount);
		}

		@Override
		public void flush() {
		}

		@Override
		public Timeout timeout() {
			return Timeout.NONE;
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
