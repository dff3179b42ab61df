package dev.rpcstarter.autoconfigure;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http2.Http2Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class RpcTomcatHttp2ConfigurationTests {

	@Test
	void http2CarriesSmallFramesAndReusesRequestObjects() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new RpcTomcatHttp2Configuration().rpcTomcatHttp2Customizer().customize(factory);
		Http2Protocol http2 = new Http2Protocol();
		Connector connector = new Connector();
		connector.addUpgradeProtocol(http2);
		factory.getTomcatConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
		assertThat(http2.getOverheadDataThreshold()).isZero();
		assertThat(http2.getOverheadWindowUpdateThreshold()).isZero();
		assertThat(http2.getDiscardRequestsAndResponses()).isFalse();
	}

}
