package dev.rpcstarter.autoconfigure;

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
 * Lets Tomcat's HTTP/2 carry RPC streams of small messages, and applies
 * {@code rpc.http.http2-initial-window-size}.
 *
 * <p>Tomcat counts a DATA frame smaller than 1 KiB, and a small window update, as "overhead"
 * and closes a connection with too much of it (GOAWAY ENHANCE_YOUR_CALM), a guard against
 * floods of tiny frames. gRPC and Connect clients legitimately send one frame per message,
 * and RPC messages are often a few bytes, so a client stream of small messages trips it.
 * These two checks are turned off; Tomcat's other overload guards stay.
 *
 * <p>Tomcat's reuse of the request and response objects of finished streams stays on: the
 * bridge completes its async requests so that Tomcat recycles them (see
 * {@code AsyncExchange}), and fresh objects would cost every stream some 190 KB of buffers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tomcat.class, Http2Protocol.class })
class RpcTomcatHttp2Configuration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> rpcTomcatHttp2Customizer(RpcHttpProperties properties) {
		DataSize window = properties.getHttp2InitialWindowSize();
		Integer initialWindowSize = (window != null) ? PositiveIntBytes.of("rpc.http.http2-initial-window-size", window)
				: null;
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
				if (protocol instanceof Http2Protocol http2) {
					http2.setOverheadDataThreshold(0);
					http2.setOverheadWindowUpdateThreshold(0);
					if (initialWindowSize != null) {
						http2.setInitialWindowSize(initialWindowSize);
					}
				}
			}
		});
	}

}
