package dev.rpcstarter.client.connect;

import java.util.concurrent.TimeUnit;

import dev.rpcstarter.testservice.TestApplication;
import io.grpc.ManagedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Large requests from the transports on OkHttp over h2c, served by Tomcat's asynchronous
 * HTTP/2 reader ({@code rpc.http.http2-blocking-reader: false}). On the blocking reader these
 * calls stall: it waits inside a DATA frame while holding the lock that the window updates
 * need, until its read timeout closes the connection. See protocols.md, "Tomcat's HTTP/2 frame
 * reader".
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true", "rpc.http.http2-blocking-reader=false" })
class LargeRequestsOverHttp2AsyncReaderTests {

	@LocalServerPort
	private int webPort;

	@Autowired
	private TestApplication.GrpcPort grpcPort;

	@ParameterizedTest
	@EnumSource(names = { "CONNECT_PROTO_H2C", "GRPC_WEB_PROTO_H2C" })
	void largeRequestsArriveWholeAloneAndManyAtOnce(Transport transport) throws Exception {
		ManagedChannel channel = transport.channel(this.grpcPort.get(), this.webPort);
		try {
			LargeRequests.arriveWholeAloneAndManyAtOnce(channel);
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
