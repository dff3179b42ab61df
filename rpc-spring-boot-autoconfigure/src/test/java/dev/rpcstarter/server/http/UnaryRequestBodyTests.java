package dev.rpcstarter.server.http;

import java.time.Duration;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a unary body that is not there yet is read: over HTTP/2 it is given a moment to arrive
 * on the request thread, since Tomcat's reader hands the stream over before it has read the
 * DATA frame; over HTTP/1.1, and once that moment has passed, it is read asynchronously.
 */
class UnaryRequestBodyTests {

	private static final byte[] BODY = { 10, 3, 'a', 'b', 'c' };

	@Test
	void http2BodyThatArrivesAMomentLaterIsReadOnTheRequestThread() throws Exception {
		MockHttpServletRequest request = request("HTTP/2.0", new LateBody(3));

		UnaryRequestBody.read(request, 1024, exchange(request));

		assertThat(request.isAsyncStarted()).isFalse();
	}

	@Test
	void http1BodyThatIsNotThereYetIsReadAsynchronously() throws Exception {
		MockHttpServletRequest request = request("HTTP/1.1", new LateBody(3));

		UnaryRequestBody.read(request, 1024, exchange(request));

		assertThat(request.isAsyncStarted()).isTrue();
	}

	@Test
	void http2BodyThatDoesNotArriveSoonIsReadAsynchronously() throws Exception {
		MockHttpServletRequest request = request("HTTP/2.0", new LateBody(Integer.MAX_VALUE));
		long start = System.nanoTime();

		UnaryRequestBody.read(request, 1024, exchange(request));

		assertThat(request.isAsyncStarted()).isTrue();
		// The wait is 100 µs; the bound only guards against a wait without end.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	private static MockHttpServletRequest request(String protocol, LateBody body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/test.v1.TestService/Echo") {
			@Override
			public ServletInputStream getInputStream() {
				return body;
			}
		};
		request.setProtocol(protocol);
		request.setAsyncSupported(true);
		request.addHeader("Content-Length", BODY.length);
		return request;
	}

	private static AsyncExchange exchange(MockHttpServletRequest request) {
		return AsyncExchange.startOnDemand(request, new MockHttpServletResponse());
	}

	/** A body of which nothing is available until it has been asked a number of times. */
	private static final class LateBody extends ServletInputStream {

		private int asksBeforeArrival;

		private int position;

		LateBody(int asksBeforeArrival) {
			this.asksBeforeArrival = asksBeforeArrival;
		}

		@Override
		public int available() {
			if (this.asksBeforeArrival > 0) {
				this.asksBeforeArrival--;
				return 0;
			}
			return BODY.length - this.position;
		}

		@Override
		public int read() {
			return (this.position < BODY.length) ? BODY[this.position++] : -1;
		}

		@Override
		public int read(byte[] into, int offset, int length) {
			int n = Math.min(length, available());
			System.arraycopy(BODY, this.position, into, offset, n);
			this.position += n;
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.position == BODY.length;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException();
		}

	}

}
