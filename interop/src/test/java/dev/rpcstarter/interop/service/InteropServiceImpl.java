package dev.rpcstarter.interop.service;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import dev.rpcstarter.RpcService;
import dev.rpcstarter.interop.v1.CountRequest;
import dev.rpcstarter.interop.v1.CountResponse;
import dev.rpcstarter.interop.v1.EchoRequest;
import dev.rpcstarter.interop.v1.EchoResponse;
import dev.rpcstarter.interop.v1.FailRequest;
import dev.rpcstarter.interop.v1.InteropServiceGrpc;
import dev.rpcstarter.interop.v1.Kinds;
import dev.rpcstarter.interop.v1.SleepRequest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * The interop service: plain grpc-java code, served by the starter on the gRPC port and on
 * the web port. It counts the calls that ended because their context was cancelled (a
 * deadline that passed, a client that went away), so tests can tell that the server noticed.
 */
@RpcService(interceptors = EchoMetadataInterceptor.class)
public class InteropServiceImpl extends InteropServiceGrpc.InteropServiceImplBase {

	/** The domain of every ErrorInfo detail this service sends. */
	public static final String ERROR_DOMAIN = "interop.rpcstarter.dev";

	private final Semaphore cancelledCalls = new Semaphore(0);

	@Override
	public void echo(EchoRequest request, StreamObserver<EchoResponse> response) {
		response.onNext(EchoResponse.newBuilder().setText(request.getText()).build());
		response.onCompleted();
	}

	@Override
	public void lookup(EchoRequest request, StreamObserver<EchoResponse> response) {
		echo(request, response);
	}

	@Override
	public void mirror(Kinds request, StreamObserver<Kinds> response) {
		response.onNext(request);
		response.onCompleted();
	}

	@Override
	public void fail(FailRequest request, StreamObserver<EchoResponse> response) {
		Status.Code code = Status.Code.valueOf(request.getCode());
		ErrorInfo info = ErrorInfo.newBuilder().setReason(request.getReason()).setDomain(ERROR_DOMAIN).build();
		response.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(code.value())
			.setMessage(request.getMessage())
			.addDetails(Any.pack(info))
			.build()));
	}

	@Override
	public void sleep(SleepRequest request, StreamObserver<EchoResponse> response) {
		CountDownLatch cancelled = new CountDownLatch(1);
		Context.current().addListener((context) -> cancelled.countDown(), Runnable::run);
		if (await(cancelled, request.getMillis())) {
			this.cancelledCalls.release();
			return;
		}
		response.onNext(EchoResponse.newBuilder().setText("slept " + request.getMillis() + "ms").build());
		response.onCompleted();
	}

	@Override
	public void count(CountRequest request, StreamObserver<CountResponse> response) {
		CountDownLatch cancelled = new CountDownLatch(1);
		Context.current().addListener((context) -> cancelled.countDown(), Runnable::run);
		for (int number = 1; number <= request.getCount(); number++) {
			response.onNext(CountResponse.newBuilder().setNumber(number).build());
			if (number < request.getCount() && await(cancelled, request.getIntervalMillis())) {
				this.cancelledCalls.release();
				return;
			}
		}
		response.onCompleted();
	}

	@Override
	public StreamObserver<EchoRequest> join(StreamObserver<EchoResponse> response) {
		StringBuilder joined = new StringBuilder();
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoRequest request) {
				joined.append(joined.isEmpty() ? "" : ",").append(request.getText());
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				response.onNext(EchoResponse.newBuilder().setText(joined.toString()).build());
				response.onCompleted();
			}
		};
	}

	@Override
	public StreamObserver<EchoRequest> chat(StreamObserver<EchoResponse> response) {
		return new StreamObserver<>() {
			@Override
			public void onNext(EchoRequest request) {
				response.onNext(EchoResponse.newBuilder().setText(request.getText()).build());
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				response.onCompleted();
			}
		};
	}

	/**
	 * Waits until a call of Sleep or Count has stopped because it was cancelled.
	 * @param timeoutMillis how long to wait
	 * @return whether one did, in time; each such call is reported once
	 * @throws InterruptedException when interrupted
	 */
	public boolean awaitCancelledCall(long timeoutMillis) throws InterruptedException {
		return this.cancelledCalls.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/** Forgets cancellations seen so far, so that a test sees only its own. */
	public void forgetCancelledCalls() {
		this.cancelledCalls.drainPermits();
	}

	/** Waits up to a time for a latch; returns whether the latch opened. */
	private static boolean await(CountDownLatch latch, long millis) {
		try {
			return latch.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

}
