package dev.rpcstarter.autoconfigure;

import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets Tomcat's HTTP/2 carry RPC streams of small messages.
 *
 * <p>Tomcat counts a DATA frame smaller than 1 KiB, and a small window update, as "overhead"
 * and closes a connection with too much of it (GOAWAY ENHANCE_YOUR_CALM), a guard against
 * floods of tiny frames. gRPC and Connect clients legitimately send one frame per message,
 * and RPC messages are often a few bytes, so a client stream of small messages trips it.
 * These two checks are turned off; Tomcat's other overload guards stay.
 *
 * <p>Tomcat also reuses the request and response objects of finished HTTP/2 streams. With the
 * async requests that the bridge serves calls on, some of them were handed to a new stream
 * before they were recycled: its mapping then fails on an {@code AssertionError} and the stream
 * never gets an answer (one Connect call in 250 in a load test over h2c). Streams
 * therefore get fresh objects.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Tomcat.class, Http2Protocol.class })
class RpcTomcatHttp2Configuration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> rpcTomcatHttp2Customizer() {
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
				if (protocol instanceof Http2Protocol http2) {
					http2.setOverheadDataThreshold(0);
					http2.setOverheadWindowUpdateThreshold(0);
					http2.setDiscardRequestsAndResponses(true);
				}
			}
		});
	}

}
