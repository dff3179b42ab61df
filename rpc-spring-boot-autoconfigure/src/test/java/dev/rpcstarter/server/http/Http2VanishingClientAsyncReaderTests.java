package dev.rpcstarter.server.http;

import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same clients, with {@code rpc.http.http2-blocking-reader} turned off: Tomcat keeps its
 * asynchronous HTTP/2 reader, and calls after vanished clients are still answered.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "rpc.http.http2-blocking-reader=false" })
class Http2VanishingClientAsyncReaderTests extends Http2VanishingClientTests {

	@Autowired
	private ServletWebServerApplicationContext context;

	@Test
	void tomcatKeepsItsAsynchronousReaderAndWriteBuffer() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();

		assertThat(server.getTomcat().getConnector().getProperty("useAsyncIO")).isNull();
		assertThat(server.getTomcat().getConnector().getProperty("socket.appWriteBufSize")).isEqualTo("8192");
	}

}
