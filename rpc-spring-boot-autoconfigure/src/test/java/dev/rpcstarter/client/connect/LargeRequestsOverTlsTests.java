package dev.rpcstarter.client.connect;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.testservice.TestApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@link LargeRequests} over {@code https://}, against the test application's web port with
 * TLS and HTTP/2 on Tomcat's blocking HTTP/2 reader (the starter's default). Over HTTP/2,
 * negotiated by ALPN, the calls stalled here until the TLS sockets passed on only whole frames
 * ({@link WholeFrameSslSocket}); over HTTP/1.1 the same sockets must pass the bytes unchanged.
 * Without whole frames, one round per case failed in 3 of 6 runs and three rounds in 3 of 3, so
 * each case runs three.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "server.ssl.bundle=web",
				"spring.ssl.bundle.pem.web.keystore.certificate=classpath:tls/server-cert.pem",
				"spring.ssl.bundle.pem.web.keystore.private-key=classpath:tls/server-key.pem" })
class LargeRequestsOverTlsTests {

	private static final int ROUNDS = 3;

	@LocalServerPort
	private int webPort;

	@ParameterizedTest
	@CsvSource({ "CONNECT, HTTP_2", "GRPC_WEB, HTTP_2", "CONNECT, HTTP_1_1" })
	void largeRequestsArriveWholeAloneAndManyAtOnce(RpcProtocol protocol, HttpVersion version) throws Exception {
		ConnectChannel channel = ConnectChannel.builder(protocol, Codec.PROTO)
			.baseUris(BaseUriPicker.pickFirst(List.of(URI.create("https://localhost:" + this.webPort))))
			.httpVersion(version)
			.tls(TestTls.clientContext(), TestTls.clientTrustManager())
			.build();
		try {
			for (int round = 0; round < ROUNDS; round++) {
				LargeRequests.arriveWholeAloneAndManyAtOnce(channel);
			}
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
