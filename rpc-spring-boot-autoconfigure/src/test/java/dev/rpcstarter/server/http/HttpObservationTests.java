package dev.rpcstarter.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.testservice.TestApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's observation of HTTP requests (which Spring Boot Actuator registers, and which makes
 * {@code http.server.requests}) learns what an RPC or REST request called, as it learns a
 * controller's pattern from Spring MVC: the method's path, or the route's template.
 */
@SpringBootTest(classes = { TestApplication.class, HttpObservationTests.Observed.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grpc.server.port=0")
class HttpObservationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Observed observed;

	@Test
	void requestsAreObservedUnderTheMethodOrRouteTheyCalled() throws Exception {
		assertThat(patternOf("POST", "/rpcstarter.test.v1.TestService/Echo", "{\"message\":\"seen\"}"))
			.isEqualTo("/rpcstarter.test.v1.TestService/Echo");
		assertThat(patternOf("GET", "/v1/shelves/1/books/1", null)).isEqualTo("/v1/{name=shelves/*/books/*}");
		assertThat(patternOf("POST", "/rpcstarter.test.v1.TestService/NoSuchMethod", "{}"))
			.as("an unknown method is not named").isNull();
	}

	private String patternOf(String method, String path, String json) throws Exception {
		this.observed.patterns.clear();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		http.send(request.build(), HttpResponse.BodyHandlers.discarding());
		String pattern = this.observed.patterns.poll(5, TimeUnit.SECONDS);
		return pattern.isEmpty() ? null : pattern;
	}

	/** Spring's observation filter, first in the chain as Boot registers it, and what it saw. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Observed {

		/** The path pattern of each observed request, as it stopped; empty when there was none. */
		final LinkedBlockingQueue<String> patterns = new LinkedBlockingQueue<>();

		@Bean
		FilterRegistrationBean<ServerHttpObservationFilter> observationFilter() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new ObservationHandler<ServerRequestObservationContext>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return context instanceof ServerRequestObservationContext;
				}

				@Override
				public void onStop(ServerRequestObservationContext context) {
					String pattern = context.getPathPattern();
					Observed.this.patterns.add((pattern != null) ? pattern : "");
				}

			});
			FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
					new ServerHttpObservationFilter(registry));
			registration.setUrlPatterns(List.of("/*"));
			registration.setAsyncSupported(true);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			return registration;
		}

	}

}
