package dev.rpcstarter.ecosystem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import dev.rpcstarter.sample.testsupport.GrpcServerPort;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code @GrpcAdvice} handles the exceptions a service throws on every port and protocol:
 * the caller gets the status it chose, with its message.
 */
@SpringBootTest(classes = EcosystemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.http2.enabled=true" })
class ExceptionAdviceTests {

	@LocalServerPort
	private int webPort;

	@Autowired
	private GrpcServerPort grpcPort;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exceptionBecomesTheStatusTheAdviceChose(Transport transport) {
		ManagedChannel channel = transport.channel(this.grpcPort.get(), this.webPort);
		this.channels.add(channel);
		EmailServiceGrpc.EmailServiceBlockingStub sender = EmailServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(BasicCredentials.of("sender", EcosystemApplication.PASSWORD))
			.withDeadlineAfter(10, TimeUnit.SECONDS);

		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> sender.sendEmail(SendEmailRequest.newBuilder().setSubject("no recipient").build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode())
					.isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(ex.getStatus().getDescription())
					.isEqualTo("to must not be empty");
			});
	}

}
