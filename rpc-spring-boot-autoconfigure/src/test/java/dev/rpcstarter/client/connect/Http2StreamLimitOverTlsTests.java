package dev.rpcstarter.client.connect;

import java.net.URI;
import java.util.List;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.testservice.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link Http2StreamLimitTests} over {@code https://}, HTTP/2 by ALPN: there the stream limit
 * is read from the TLS socket's decrypted input ({@link WholeFrameSslSocket}).
 */
@SpringBootTest(classes = { TestApplication.class, Http2StreamLimitTests.LowStreamLimit.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "server.ssl.bundle=web",
				"spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server-cert.pem",
				"spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server-key.pem" })
class Http2StreamLimitOverTlsTests extends Http2StreamLimitTests {

	@Override
	ConnectChannel newChannel(int webPort) {
		return ConnectChannel.builder(RpcProtocol.CONNECT, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(URI.create("https://localhost:" + webPort))))
			.httpVersion(HttpVersion.HTTP_2)
			.tls(TestTls.clientContext(), TestTls.clientTrustManager())
			.build();
	}

}
