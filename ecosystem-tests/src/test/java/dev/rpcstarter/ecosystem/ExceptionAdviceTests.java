package dev.rpcstarter.ecosystem;

import dev.rpcstarter.sample.email.v1.EmailServiceGrpc;
import dev.rpcstarter.sample.email.v1.SendEmailRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code @GrpcAdvice} handles the exceptions a service throws on every port and protocol:
 * the caller gets the status it chose, with its message.
 */
class ExceptionAdviceTests extends EcosystemServer {

	@ParameterizedTest
	@EnumSource(Transport.class)
	void exceptionBecomesTheStatusTheAdviceChose(Transport transport) {
		EmailServiceGrpc.EmailServiceBlockingStub sender = emailStub(transport,
				BasicCredentials.of("sender", EcosystemApplication.PASSWORD));

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
