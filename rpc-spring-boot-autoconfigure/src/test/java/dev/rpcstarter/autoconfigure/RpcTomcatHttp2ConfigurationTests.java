package dev.rpcstarter.autoconfigure;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RpcTomcatHttp2ConfigurationTests {

	/** Tomcat's own default: the initial window HTTP/2 itself starts with. */
	private static final int TOMCAT_INITIAL_WINDOW_SIZE = 65535;

	/** Tomcat's own default size of a connection's write buffer. */
	private static final String TOMCAT_WRITE_BUFFER = "8192";

	@Test
	void http2CarriesSmallFramesAndReusesRequestObjects() {
		Http2Protocol http2 = customizedHttp2(new RpcHttpProperties());

		assertThat(http2.getOverheadDataThreshold()).isEqualTo(32);
		assertThat(http2.getOverheadWindowUpdateThreshold()).isZero();
		assertThat(http2.getOverheadResetFactor()).isEqualTo(25);
		assertThat(http2.getDiscardRequestsAndResponses()).isFalse();
	}

	@Test
	void everyAdmittedStreamRunsAtOnce() {
		Http2Protocol http2 = customizedHttp2(new RpcHttpProperties());

		assertThat(http2.getMaxConcurrentStreams()).isEqualTo(100);
		assertThat(http2.getMaxConcurrentStreamExecution()).isEqualTo(100);
	}

	@Test
	void streamsRunAtOnceUpToALimitSetBefore() {
		Http2Protocol http2 = new Http2Protocol();
		http2.setMaxConcurrentStreams(250);

		customizedConnector(new RpcHttpProperties(), http2);

		assertThat(http2.getMaxConcurrentStreamExecution()).isEqualTo(250);
	}

	@Test
	void http2FramesAreReadByTomcatsBlockingReader() {
		Connector connector = customizedConnector(new RpcHttpProperties(), new Http2Protocol());

		assertThat(connector.getProperty("useAsyncIO")).isEqualTo("false");
	}

	@Test
	void blockingWriterFitsAWholeDataFrameInTheWriteBuffer() {
		Connector connector = customizedConnector(new RpcHttpProperties(), new Http2Protocol());

		assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo("8201");
	}

	@Test
	void largerWriteBufferSetBeforeIsKept() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		factory.addConnectorCustomizers((connector) -> connector.setProperty("socket.appWriteBufSize", "65536"));

		Connector connector = customizedConnector(factory, new RpcHttpProperties(), new Http2Protocol());

		assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo("65536");
	}

	@Test
	void asynchronousReaderStaysWhenTheBlockingOneIsTurnedOff() {
		RpcHttpProperties properties = new RpcHttpProperties();
		properties.setHttp2BlockingReader(false);

		Connector connector = customizedConnector(properties, new Http2Protocol());

		assertThat(connector.getProperty("useAsyncIO")).isNull();
		assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo(TOMCAT_WRITE_BUFFER);
	}

	@Test
	void connectorWithoutHttp2IsLeftAlone() {
		Connector connector = customizedConnector(new RpcHttpProperties());

		assertThat(connector.getProperty("useAsyncIO")).isNull();
		assertThat(connector.getProperty("socket.appWriteBufSize")).isEqualTo(TOMCAT_WRITE_BUFFER);
	}

	@Test
	void initialWindowSizeStaysTomcatsUnlessSet() {
		assertThat(customizedHttp2(new RpcHttpProperties()).getInitialWindowSize()).isEqualTo(TOMCAT_INITIAL_WINDOW_SIZE);
	}

	@Test
	void initialWindowSizeIsTheProperty() {
		RpcHttpProperties properties = new RpcHttpProperties();
		properties.setHttp2InitialWindowSize(DataSize.ofKilobytes(16));

		assertThat(customizedHttp2(properties).getInitialWindowSize()).isEqualTo(16384);
	}

	@Test
	void initialWindowSizeOutOfRangeFailsStartUpNamingTheProperty() {
		RpcHttpProperties properties = new RpcHttpProperties();
		properties.setHttp2InitialWindowSize(DataSize.ofGigabytes(2));

		assertThatIllegalStateException()
			.isThrownBy(() -> new RpcTomcatHttp2Configuration().rpcTomcatHttp2Customizer(properties))
			.withMessage("rpc.http.http2-initial-window-size must be between 1B and 2047MB, but is 2147483648B");
	}

	private static Http2Protocol customizedHttp2(RpcHttpProperties properties) {
		Http2Protocol http2 = new Http2Protocol();
		customizedConnector(properties, http2);
		return http2;
	}

	private static Connector customizedConnector(RpcHttpProperties properties, UpgradeProtocol... upgradeProtocols) {
		return customizedConnector(new TomcatServletWebServerFactory(), properties, upgradeProtocols);
	}

	private static Connector customizedConnector(TomcatServletWebServerFactory factory, RpcHttpProperties properties,
			UpgradeProtocol... upgradeProtocols) {
		new RpcTomcatHttp2Configuration().rpcTomcatHttp2Customizer(properties).customize(factory);
		Connector connector = new Connector();
		for (UpgradeProtocol upgradeProtocol : upgradeProtocols) {
			connector.addUpgradeProtocol(upgradeProtocol);
		}
		factory.getTomcatConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
		return connector;
	}

}
