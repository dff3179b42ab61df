package dev.rpcstarter.bench.service;

import dev.rpcstarter.RpcService;
import dev.rpcstarter.bench.v1.EchoServiceGrpc;
import dev.rpcstarter.bench.v1.Order;
import dev.rpcstarter.bench.v1.StreamRequest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The one service implementation behind every gRPC and Connect target: raw grpc-java
 * instantiates it by hand, the starter app finds it as an {@code @RpcService} bean.
 */
@RpcService
public class EchoServiceImpl extends EchoServiceGrpc.EchoServiceImplBase {

	/** Bounds what one call can make the server buffer: the stream ignores flow control. */
	static final int MAX_STREAM_COUNT = 10_000;

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

}
