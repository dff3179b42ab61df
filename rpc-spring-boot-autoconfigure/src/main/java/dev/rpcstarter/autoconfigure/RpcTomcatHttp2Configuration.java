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
 * <p>Tomcat counts a DATA frame smaller than 1 KiB, and a small window update, as "overhead"
 * and closes a connection with too much of it (GOAWAY ENHANCE_YOUR_CALM), a guard against
 * floods of tiny frames. gRPC and Connect clients legitimately send one frame per message,
 * and RPC messages are often a few bytes, so a client stream of small messages trips it.
 * These two checks are turned off; Tomcat's other overload guards stay.
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
					http2.setOverheadDataThreshold(0);
					http2.setOverheadWindowUpdateThreshold(0);
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
