package dev.rpcstarter.bench.service;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.rpcstarter.RpcService;
import dev.rpcstarter.bench.v1.EchoServiceGrpc;
import dev.rpcstarter.bench.v1.HoldRequest;
import dev.rpcstarter.bench.v1.Order;
import dev.rpcstarter.bench.v1.StreamRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The one service implementation behind every gRPC and Connect target: raw grpc-java
 * instantiates it by hand, the starter app finds it as an {@code @RpcService} bean.
 */
@RpcService
public class EchoServiceImpl extends EchoServiceGrpc.EchoServiceImplBase {

	/** Bounds what one call can make the server buffer: the stream ignores flow control. */
	static final int MAX_STREAM_COUNT = 10_000;

	/** Bounds how long a held stream can outlive a client that vanished without cancelling it. */
	static final int MAX_HOLD_SECONDS = 600;

	/** Ends held streams; one thread is enough, it only closes calls. */
	private static final ScheduledThreadPoolExecutor holdTimer = holdTimer();

	@Override
	public void echo(Order request, StreamObserver<Order> response) {
		response.onNext(request);
		response.onCompleted();
	}

	@Override
	public void streamEcho(StreamRequest request, StreamObserver<Order> response) {
		if (request.getCount() < 0 || request.getCount() > MAX_STREAM_COUNT) {
			response.onError(Status.INVALID_ARGUMENT.withDescription("count must be 0.." + MAX_STREAM_COUNT)
				.asRuntimeException());
			return;
		}
		for (int i = 0; i < request.getCount(); i++) {
			response.onNext(request.getOrder());
		}
		response.onCompleted();
	}

	@Override
	public void hold(HoldRequest request, StreamObserver<Order> response) {
		if (request.getHoldSeconds() < 1 || request.getHoldSeconds() > MAX_HOLD_SECONDS) {
			response.onError(Status.INVALID_ARGUMENT.withDescription("hold_seconds must be 1.." + MAX_HOLD_SECONDS)
				.asRuntimeException());
			return;
		}
		ServerCallStreamObserver<Order> call = (ServerCallStreamObserver<Order>) response;
		ScheduledFuture<?> end = holdTimer.schedule(call::onCompleted, request.getHoldSeconds(), TimeUnit.SECONDS);
		// A cancelled stream is forgotten at once, so the heap holds only streams still open.
		call.setOnCancelHandler(() -> end.cancel(false));
		call.onNext(request.getOrder());
	}

	private static ScheduledThreadPoolExecutor holdTimer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "bench-hold-timer");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

}
