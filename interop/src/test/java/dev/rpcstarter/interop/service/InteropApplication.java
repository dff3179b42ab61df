package dev.rpcstarter.interop.service;

import dev.rpcstarter.sample.testsupport.GrpcServerPort;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Serves {@link InteropServiceImpl} as a user of the starter would, plus the test's
 * {@link RecordedRequests} in front of everything on the web port.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ InteropServiceImpl.class, EchoMetadataInterceptor.class, GrpcServerPort.class })
public class InteropApplication {

	@Bean
	RecordedRequests recordedRequests() {
		return new RecordedRequests();
	}

	@Bean
	FilterRegistrationBean<RecordedRequests> recordedRequestsRegistration(RecordedRequests recordedRequests) {
		FilterRegistrationBean<RecordedRequests> registration = new FilterRegistrationBean<>(recordedRequests);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		return registration;
	}

}
