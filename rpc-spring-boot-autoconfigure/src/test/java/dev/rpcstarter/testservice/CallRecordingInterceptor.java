package dev.rpcstarter.testservice;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

/**
 * Records the method of every call it sees, whichever protocol carried it, and keeps the last
 * call so that a test can ask it about its transport after it ended.
 */
@GrpcGlobalServerInterceptor
public class CallRecordingInterceptor implements ServerInterceptor {

	private static final List<String> calls = new CopyOnWriteArrayList<>();

	private static final Metadata.Key<String> PREVIOUS_ATTEMPTS = Metadata.Key.of("grpc-previous-rpc-attempts",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The grpc-previous-rpc-attempts header of every call seen, "" for none. */
	private static final List<String> previousAttempts = new CopyOnWriteArrayList<>();

	private static volatile ServerCall<?, ?> lastCall;

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		calls.add(call.getMethodDescriptor().getFullMethodName());
		String previous = headers.get(PREVIOUS_ATTEMPTS);
		previousAttempts.add((previous != null) ? previous : "");
		lastCall = call;
		return next.startCall(call, headers);
	}

	/**
	 * The calls seen so far.
	 * @return how many calls this interceptor saw
	 */
	public static int count() {
		return calls.size();
	}

	/**
	 * @param count how many of the last calls
	 * @return their grpc-previous-rpc-attempts headers, in the order they arrived; "" for none
	 */
	public static List<String> previousAttemptsOfLast(int count) {
		List<String> all = List.copyOf(previousAttempts);
		return all.subList(all.size() - count, all.size());
	}

	/**
	 * The transport attributes of the last call seen, asked for now.
	 * @return the attributes
	 */
	public static Attributes lastCallAttributes() {
		return lastCall.getAttributes();
	}

}
