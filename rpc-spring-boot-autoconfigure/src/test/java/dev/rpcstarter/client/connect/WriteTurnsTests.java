package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link WriteTurns}: the single-message bodies of one connection's calls are written
 * one at a time, a turn ends when its body is written whole or fails, a cancelled call stops
 * waiting for its turn, and a body larger than a new stream's window takes none.
 */
class WriteTurnsTests {

	private static final OkHttpClient CLIENT = new OkHttpClient();

	private final WriteTurns turns = new WriteTurns();

	/** What happened, in order: "start a", "closed a", ... */
	private final List<String> events = new CopyOnWriteArrayList<>();

	@Test
	void bodyIsWrittenOnlyAfterTheBodyBeforeItWasWrittenAndClosed() throws Exception {
		HeldBody first = new HeldBody("a");
		CompletableFuture<Void> firstWrite = write(this.turns.inTurn(first, newCall()), "a");
		assertThat(first.started.await(5, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> secondWrite = write(this.turns.inTurn(new RecordedBody("b"), newCall()), "b");
		Thread.sleep(200);
		assertThat(this.events).containsExactly("start a");

		first.release.countDown();
		firstWrite.get(5, TimeUnit.SECONDS);
		secondWrite.get(5, TimeUnit.SECONDS);
		assertThat(this.events).containsExactly("start a", "closed a", "start b", "closed b");
	}

	@Test
	void bodyWhoseWriteFailedPassesTheTurnOn() throws Exception {
		RequestBody failing = new RecordedBody("a") {

			@Override
			public void writeTo(BufferedSink sink) throws IOException {
				super.writeTo(sink);
				throw new IOException("stream reset");
			}

		};
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.turns.inTurn(failing, newCall()).writeTo(recordingSink("a")))
			.withMessage("stream reset");

		write(this.turns.inTurn(new RecordedBody("b"), newCall()), "b").get(5, TimeUnit.SECONDS);
		assertThat(this.events).containsExactly("start a", "start b", "closed b");
	}

	@Test
	void cancelledCallStopsWaitingForItsTurn() throws Exception {
		HeldBody first = new HeldBody("a");
		CompletableFuture<Void> firstWrite = write(this.turns.inTurn(first, newCall()), "a");
		assertThat(first.started.await(5, TimeUnit.SECONDS)).isTrue();
		Call waiting = newCall();
		CompletableFuture<Void> waitingWrite = write(this.turns.inTurn(new RecordedBody("b"), waiting), "b");

		waiting.cancel();
		assertThat(waitingWrite).failsWithin(5, TimeUnit.SECONDS)
			.withThrowableThat()
			.havingRootCause()
			.isInstanceOf(IOException.class)
			.withMessage("Canceled");
		assertThat(this.events).containsExactly("start a");

		first.release.countDown();
		firstWrite.get(5, TimeUnit.SECONDS);
		assertThat(this.events).containsExactly("start a", "closed a");
	}

	@Test
	void turnTakingBodyDescribesTheBodyItWrites() throws IOException {
		RequestBody body = RequestBody.create(new byte[] { 1, 2, 3 }, MediaType.get("application/proto"));
		RequestBody inTurn = this.turns.inTurn(body, newCall());
		assertThat(inTurn).isNotSameAs(body);
		assertThat(inTurn.contentType()).isEqualTo(body.contentType());
		assertThat(inTurn.contentLength()).isEqualTo(3);
		assertThat(inTurn.isOneShot()).isFalse();
	}

	@Test
	void bodyLargerThanANewStreamsWindowTakesNoTurn() throws Exception {
		HeldBody first = new HeldBody("a");
		CompletableFuture<Void> firstWrite = write(this.turns.inTurn(first, newCall()), "a");
		assertThat(first.started.await(5, TimeUnit.SECONDS)).isTrue();

		RequestBody large = new RecordedBody("b") {

			@Override
			public long contentLength() {
				return WriteTurns.MAX_BODY_BYTES + 1;
			}

		};
		assertThat(this.turns.inTurn(large, newCall())).isSameAs(large);
		write(this.turns.inTurn(large, newCall()), "b").get(5, TimeUnit.SECONDS);
		assertThat(this.events).containsExactly("start a", "start b");

		first.release.countDown();
		firstWrite.get(5, TimeUnit.SECONDS);
	}

	private static Call newCall() {
		return CLIENT.newCall(new Request.Builder().url("http://127.0.0.1:1/").build());
	}

	private CompletableFuture<Void> write(RequestBody body, String name) {
		return CompletableFuture.runAsync(() -> {
			try {
				body.writeTo(recordingSink(name));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** A sink that records when it is closed, as OkHttp's sends the body's last frame then. */
	private BufferedSink recordingSink(String name) {
		return Okio.buffer(new ForwardingSink(new Buffer()) {

			@Override
			public void close() throws IOException {
				WriteTurnsTests.this.events.add("closed " + name);
				super.close();
			}

		});
	}

	/** A body that records the start of its write. */
	private class RecordedBody extends RequestBody {

		private final String name;

		RecordedBody(String name) {
			this.name = name;
		}

		@Override
		public MediaType contentType() {
			return null;
		}

		@Override
		public long contentLength() {
			return this.name.length();
		}

		@Override
		public void writeTo(BufferedSink sink) throws IOException {
			WriteTurnsTests.this.events.add("start " + this.name);
			sink.writeUtf8(this.name);
		}

	}

	/** A body whose write goes on until it is released, as one waiting for window does. */
	private final class HeldBody extends RecordedBody {

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		HeldBody(String name) {
			super(name);
		}

		@Override
		public void writeTo(BufferedSink sink) throws IOException {
			super.writeTo(sink);
			this.started.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
		}

	}

}
