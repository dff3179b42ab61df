package dev.rpcstarter.testservice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

/** Records the method of every call it sees, whichever protocol carried it. */
@GrpcGlobalServerInterceptor
public class CallRecordingInterceptor implements ServerInterceptor {

	private static final List<String> calls = new CopyOnWriteArrayList<>();

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		calls.add(call.getMethodDescriptor().getFullMethodName());
		return next.startCall(call, headers);
	}

	/**
	 * The calls seen so far.
	 * @return how many calls this interceptor saw
	 */
	public static int count() {
		return calls.size();
	}

}
