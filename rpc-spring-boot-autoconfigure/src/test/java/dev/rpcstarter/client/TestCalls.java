package dev.rpcstarter.client;

import dev.rpcstarter.test.v1.EchoRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Requests and outcomes that the client tests share.
 */
public final class TestCalls {

	private TestCalls() {
	}

	/**
	 * An echo request.
	 * @param message its message
	 * @return the request
	 */
	public static EchoRequest echo(String message) {
		return EchoRequest.newBuilder().setMessage(message).build();
	}

	/**
	 * The code of the status that a call fails with; the test fails when it does not fail.
	 * @param call the call
	 * @return the code
	 */
	public static Status.Code failureCode(ThrowingCallable call) {
		return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call)
			.actual()
			.getStatus()
			.getCode();
	}

}
