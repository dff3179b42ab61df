package dev.rpcstarter.testservice;

import java.util.concurrent.CompletableFuture;

import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application with the test service, its interceptors and one ordinary controller, as
 * a user of the starter would write it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ TestServiceImpl.class, LibraryServiceImpl.class, RequestHeadersInterceptor.class,
		CallRecordingInterceptor.class, CompressionChoiceInterceptor.class })
public class TestApplication {

	@Bean
	GrpcPort grpcPort() {
		return new GrpcPort();
	}

	/** The port the gRPC server took, known once it has started. */
	public static class GrpcPort {

		private final CompletableFuture<Integer> port = new CompletableFuture<>();

		@EventListener
		void onStarted(GrpcServerStartedEvent event) {
			this.port.complete(event.getPort());
		}

		/**
		 * The port.
		 * @return the gRPC server's port
		 */
		public int get() {
			return this.port.join();
		}

	}

	/** An application endpoint whose path must stay the application's (registered as a member class). */
	@RestController
	static class PlainController {

		@PostMapping("/api/echo")
		String echo(@RequestBody String body) {
			return "plain:" + body;
		}

	}

}
