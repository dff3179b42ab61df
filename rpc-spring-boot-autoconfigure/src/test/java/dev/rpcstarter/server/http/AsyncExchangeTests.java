package dev.rpcstarter.server.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * An exchange whose request the container ended by itself, as Tomcat does when it closes a
 * connection after a failed write without an error dispatch: its async context refuses every
 * use, and the exchange takes that as its end instead of failing the call's thread.
 */
class AsyncExchangeTests {

	@Test
	void completionOfARequestTheContainerEndedIsQuietAndEndsTheExchange() throws Exception {
		RecyclableRequest request = new RecyclableRequest();
		AsyncExchange exchange = startAndReleaseRequestThread(request);
		request.recycle();

		assertThatNoException().isThrownBy(() -> runOnOtherThread(exchange::complete));
		assertThat(request.context.completions).hasValue(1);
		AtomicBoolean written = new AtomicBoolean();
		exchange.write(() -> written.set(true));
		assertThat(written).as("a write after the end").isFalse();
	}

	@Test
	void taskForARequestTheContainerEndedIsDroppedAndEndsTheExchange() throws Exception {
		RecyclableRequest request = new RecyclableRequest();
		AsyncExchange exchange = startAndReleaseRequestThread(request);
		request.recycle();

		AtomicBoolean ran = new AtomicBoolean();
		assertThatNoException().isThrownBy(() -> runOnOtherThread(() -> exchange.runOnContainerThread(() -> ran.set(true))));
		assertThat(ran).isFalse();
		runOnOtherThread(exchange::complete);
		assertThat(request.context.completions).as("no completion asked of an exchange that is over").hasValue(0);
	}

	@Test
	void completionOfALiveRequestCompletesItsAsyncContext() throws Exception {
		RecyclableRequest request = new RecyclableRequest();
		AsyncExchange exchange = startAndReleaseRequestThread(request);

		runOnOtherThread(exchange::complete);
		runOnOtherThread(exchange::complete);
		assertThat(request.context.completions).as("completed once").hasValue(1);
	}

	private static AsyncExchange startAndReleaseRequestThread(RecyclableRequest request) {
		AsyncExchange exchange = AsyncExchange.start(request);
		exchange.releaseRequestThread(null);
		return exchange;
	}

	private static void runOnOtherThread(Runnable task) throws Exception {
		CompletableFuture.runAsync(task).get(5, TimeUnit.SECONDS);
	}

	/** A request whose async context the test can recycle, as the container would. */
	private static final class RecyclableRequest extends MockHttpServletRequest {

		private RecyclableContext context;

		RecyclableRequest() {
			setAsyncSupported(true);
		}

		@Override
		public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
			setAsyncStarted(true);
			this.context = new RecyclableContext(request, new MockHttpServletResponse());
			return this.context;
		}

		void recycle() {
			this.context.recycled = true;
		}

	}

	/** Refuses every use once recycled, with the exception Tomcat's async context throws. */
	private static final class RecyclableContext extends MockAsyncContext {

		private volatile boolean recycled;

		private final AtomicInteger completions = new AtomicInteger();

		RecyclableContext(ServletRequest request, ServletResponse response) {
			super(request, response);
		}

		@Override
		public void complete() {
			this.completions.incrementAndGet();
			check();
			super.complete();
		}

		@Override
		public void start(Runnable runnable) {
			check();
			super.start(runnable);
		}

		private void check() {
			if (this.recycled) {
				throw new IllegalStateException(
						"The request associated with the AsyncContext has already completed processing.");
			}
		}

	}

}
