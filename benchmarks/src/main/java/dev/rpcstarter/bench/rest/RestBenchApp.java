package dev.rpcstarter.bench.rest;

import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a Spring user writes instead of the starter: a plain Spring Boot web app with a
 * {@code @RestController} that takes and returns the benchmark's order as JSON through Jackson.
 * It runs on a classpath without the starter, net.devh or grpc-java.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RestBenchApp.OrderEchoController.class)
public class RestBenchApp {

	public static void main(String[] args) {
		SpringApplication.run(RestBenchApp.class, args);
	}

	/**
	 * With {@code --bench.blocking-http2-reader=true}, Tomcat reads HTTP/2 frames with its
	 * blocking reader, as the starter has it do.
	 */
	@Bean
	@ConditionalOnProperty("bench.blocking-http2-reader")
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> blockingHttp2Reader() {
		return (factory) -> factory.addConnectorCustomizers((connector) -> connector.setProperty("useAsyncIO", "false"));
	}

	/** Field names follow proto3's JSON names, so the same request body serves REST and Connect. */
	public record Order(String id, String customer, int priority, boolean express, List<String> labels,
			List<Line> lines) {
	}

	public record Line(String sku, int quantity, double unitPrice, List<String> tags, Warehouse warehouse) {
	}

	public record Warehouse(String code, String city, int dock) {
	}

	@RestController
	static class OrderEchoController {

		@PostMapping("/orders/echo")
		Order echo(@RequestBody Order order) {
			return order;
		}

	}

}
