package dev.rpcstarter.autoconfigure;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Lets Tomcat's HTTP/2 carry RPC streams of small messages and large requests alike, and
 * applies {@code rpc.http.http2-initial-window-size}.
 *
 * <p>Tomcat keeps an "overhead" count per connection and closes a connection whose count
 * passes zero (GOAWAY ENHANCE_YOUR_CALM), a guard against floods of frames that cost the
 * server work and the client nothing. A connection starts at -100, and each setting of the
 * client's preface adds 10 (grpc-java's four leave -60). Each HEADERS or DATA frame received,
 * and each DATA frame sent, takes 20 off; other control frames add 10. Three of its weights
 * are set for RPC clients:
 * <ul>
 * <li>A non-final DATA frame smaller than {@code overheadDataThreshold} adds that threshold
 * divided by its size (averaged with the frame before). Tomcat's 1 KiB suits browsers, but
 * gRPC and Connect clients send a frame per message and messages are often a few bytes, so a
 * client stream of small messages closed the connection. The threshold here is 32 bytes: no
 * RPC frame is smaller than its 5-byte envelope prefix, and empty or one-byte frames, the
 * flood the check exists for, still add more than they take off.
 * <li>Small window updates add nothing ({@code overheadWindowUpdateThreshold} 0): a client
 * that reads a stream of small messages returns its window a little at a time.
 * <li>Each RST_STREAM received or sent adds {@code overheadResetFactor}: 25 here rather than
 * Tomcat's 50. RPC clients reset streams as a matter of course, for every cancelled call and
 * every call past its deadline, and Tomcat sends a reset of its own when the service answers
 * a stream already reset. Such a call, with its request's two frames, added 60 at 50 apiece,
 * so the second one in a row on a new connection closed it and failed every other call on
 * it. At 25 it adds 10: six in a row are allowed on a new connection, and any number as long
 * as one call in seven succeeds (a unary call that succeeds takes 60 off). A stream opened
 * only to be reset (the HTTP/2 "rapid reset" attack, which this weight is Tomcat's guard
 * against) adds 30 without a DATA frame and 10 with one, so a flood of them still closes the
 * connection. (A deadline's answer waits for the client's reset rather than cross it, which
 * would cost several more: see {@code DeadlineAnswers}.)
 * </ul>
 *
 * <p>Tomcat reads HTTP/2 frames with its blocking reader ({@code useAsyncIO=false}), not its
 * asynchronous one, unless {@code rpc.http.http2-blocking-reader} is off. The asynchronous
 * reader reads as much as the socket has, hands the bytes after the frame it parsed back to
 * the socket's buffer only after it has let the next read start, and a read that starts in
 * between takes the middle of a DATA frame for the next frame header: the connection ends
 * with GOAWAY FRAME_SIZE_ERROR and every call on it fails. Large requests through small
 * windows hit it most: in stress runs with a 16 KiB window, 5 of 91,000 one-MiB calls did
 * through the asynchronous reader, none of 71,000 through the blocking one. The setting
 * changes only how Tomcat serves HTTP/2; its HTTP/1.1 does not use the asynchronous API.
 *
 * <p>The blocking reader comes with Tomcat's blocking HTTP/2 writer, which copies each frame
 * into the connection's write buffer (8 KiB by default) and writes the buffer out when it is
 * full. A stream sends up to 8 KiB of data per frame, and with its 9-byte header such a frame
 * does not fit: it took two system calls. The buffer is made that much larger, so a frame
 * goes out in one; a larger buffer set elsewhere is kept. (The asynchronous writer hands
 * header and data to the socket together and never copies them.)
 *
 * <p>Tomcat runs every stream it admits on a connection ({@code maxConcurrentStreams}, 100 by
 * default) at once, not only 20 of them ({@code maxConcurrentStreamExecution}) with the rest
 * waiting for one to finish. The bridge reads a request on the request's thread, and Tomcat
 * gives a connection's flow-control window back only as requests are read; a connection's
 * window is no larger than one stream's. Streams waiting to run could hold all of it with the
 * beginnings of their requests while the running ones waited for the rest of theirs: with more
 * than 20 large calls in flight on one connection, as a gRPC channel multiplexes them, every
 * call stalled until its deadline.
 *
 * <p>Tomcat's reuse of the request and response objects of finished streams stays on: the
 * bridge completes its async requests so that Tomcat recycles them (see
 * {@code AsyncExchange}), and fresh objects would cost every stream some 190 KB of buffers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tomcat.class, Http2Protocol.class })
class RpcTomcatHttp2Configuration {

	/** The connector property of the size of each connection's write buffer, in bytes. */
	private static final String WRITE_BUFFER_PROPERTY = "socket.appWriteBufSize";

	/** DATA frames smaller than this count as overhead: below any RPC message's envelope. */
	private static final int SMALLEST_COUNTED_DATA_FRAME = 32;

	/** What a RST_STREAM adds to the overhead count; see the class's description. */
	private static final int RESET_OVERHEAD = 25;

	/** The largest DATA frame of a Tomcat stream, 8 KiB, behind its 9-byte frame header. */
	private static final int DATA_FRAME_BYTES = 8 * 1024 + 9;

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> rpcTomcatHttp2Customizer(RpcHttpProperties properties) {
		DataSize window = properties.getHttp2InitialWindowSize();
		Integer initialWindowSize = (window != null) ? PositiveIntBytes.of("rpc.http.http2-initial-window-size", window)
				: null;
		boolean blockingReader = properties.isHttp2BlockingReader();
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
				if (protocol instanceof Http2Protocol http2) {
					if (blockingReader) {
						connector.setProperty("useAsyncIO", "false");
						fitDataFrameInWriteBuffer(connector);
					}
					http2.setOverheadDataThreshold(SMALLEST_COUNTED_DATA_FRAME);
					http2.setOverheadWindowUpdateThreshold(0);
					http2.setOverheadResetFactor(RESET_OVERHEAD);
					http2.setMaxConcurrentStreamExecution(
							(int) Math.min(Integer.MAX_VALUE, http2.getMaxConcurrentStreams()));
					if (initialWindowSize != null) {
						http2.setInitialWindowSize(initialWindowSize);
					}
				}
			}
		});
	}

	private static void fitDataFrameInWriteBuffer(Connector connector) {
		if (Integer.parseInt(connector.getProperty(WRITE_BUFFER_PROPERTY).toString()) < DATA_FRAME_BYTES) {
			connector.setProperty(WRITE_BUFFER_PROPERTY, Integer.toString(DATA_FRAME_BYTES));
		}
	}

}
