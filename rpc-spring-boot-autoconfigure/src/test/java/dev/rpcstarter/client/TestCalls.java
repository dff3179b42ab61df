package dev.rpcstarter.client;

import com.google.protobuf.ByteString;
import dev.rpcstarter.test.v1.EchoRequest;
import dev.rpcstarter.test.v1.FailRequest;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import dev.rpcstarter.testservice.CallRecordingInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
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
	 * Bytes of a repeating pattern, different for each seed, so that a payload that arrives cut,
	 * shifted or mixed with another's does not compare equal.
	 * @param size how many bytes
	 * @param seed what tells payloads of one test apart
	 * @return the bytes
	 */
	public static ByteString payload(int size, int seed) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 31 + seed);
		}
		return ByteString.copyFrom(bytes);
	}

	/**
	 * Calls Fail, which answers with the given code, and counts the calls the server saw for
	 * it: one per attempt of a retried call, one per copy of a hedged one.
	 * @param stub a stub of the test service
	 * @param code the code the service answers with, and the call must end with
	 * @return the calls the server saw
	 */
	public static int serverCallsOfAFailingCall(TestServiceGrpc.TestServiceBlockingStub stub, Status.Code code) {
		return serverCallsOfAFailingCall(stub, FailRequest.newBuilder().setCode(code.name()).build());
	}

	/**
	 * Calls Fail as the request says, and counts the calls the server saw for it.
	 * @param stub a stub of the test service
	 * @param request a request that names the code the call must end with
	 * @return the calls the server saw
	 */
	public static int serverCallsOfAFailingCall(TestServiceGrpc.TestServiceBlockingStub stub, FailRequest request) {
		int before = CallRecordingInterceptor.count();
		assertThat(failureCode(() -> stub.fail(request))).isEqualTo(Status.Code.valueOf(request.getCode()));
		return CallRecordingInterceptor.count() - before;
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
