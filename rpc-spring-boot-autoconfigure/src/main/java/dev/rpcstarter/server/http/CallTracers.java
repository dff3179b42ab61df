package dev.rpcstarter.server.http;

import java.util.List;

import com.google.protobuf.MessageLite;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * The {@link ServerStreamTracer}s of one call, told what grpc-java's transports tell them: the
 * call's start, each message in and out, and its end. So the stream tracers the gRPC server
 * was configured with (net.devh's {@code grpc.server.call.*} metrics among them) see the web
 * port's calls too.
 *
 * <p>A message's size is its protobuf encoding's, whatever the codec on the wire: the size
 * gRPC would have carried, so that both ports count alike. The bridge decompresses requests
 * before it decodes them and compresses responses after, so the wire and the uncompressed
 * sizes it reports are the same.
 */
final class CallTracers {

	/** For a server without stream tracers: does nothing, and costs next to nothing. */
	static final CallTracers NONE = new CallTracers(new ServerStreamTracer[0]);

	private final ServerStreamTracer[] tracers;

	private int inboundSeqNo;

	private int outboundSeqNo;

	private CallTracers(ServerStreamTracer[] tracers) {
		this.tracers = tracers;
	}

	/**
	 * Makes the tracers of a new call, as the gRPC server does when a stream opens.
	 * @param factories the server's stream tracer factories
	 * @param fullMethodName the method called
	 * @param headers the request headers
	 * @return the call's tracers
	 */
	static CallTracers start(List<ServerStreamTracer.Factory> factories, String fullMethodName, Metadata headers) {
		if (factories.isEmpty()) {
			return NONE;
		}
		return new CallTracers(factories.stream()
			.map((factory) -> factory.newServerStreamTracer(fullMethodName, headers))
			.toArray(ServerStreamTracer[]::new));
	}

	/**
	 * @param context the call's context before its deadline and cancellation
	 * @return the context as the tracers want it
	 */
	Context filterContext(Context context) {
		Context filtered = context;
		for (ServerStreamTracer tracer : this.tracers) {
			filtered = tracer.filterContext(filtered);
		}
		return filtered;
	}

	/** Before the handler starts the call. */
	void callStarted(ServerCall<?, ?> call) {
		if (this.tracers.length == 0) {
			return;
		}
		CallInfo<?, ?> info = new CallInfo<>(call);
		for (ServerStreamTracer tracer : this.tracers) {
			tracer.serverCallStarted(info);
		}
	}

	/** Called on the call's event thread, one message at a time. */
	void inboundMessage(Object message) {
		if (this.tracers.length == 0) {
			return;
		}
		int seqNo = this.inboundSeqNo++;
		long size = sizeOf(message);
		for (ServerStreamTracer tracer : this.tracers) {
			tracer.inboundMessage(seqNo);
			tracer.inboundWireSize(size);
			tracer.inboundUncompressedSize(size);
			tracer.inboundMessageRead(seqNo, size, size);
		}
	}

	/** Called by the service's sending thread, one message at a time, as ServerCall requires. */
	void outboundMessage(Object message) {
		if (this.tracers.length == 0) {
			return;
		}
		int seqNo = this.outboundSeqNo++;
		long size = sizeOf(message);
		for (ServerStreamTracer tracer : this.tracers) {
			tracer.outboundMessage(seqNo);
			tracer.outboundWireSize(size);
			tracer.outboundUncompressedSize(size);
			tracer.outboundMessageSent(seqNo, size, size);
		}
	}

	/** Once, when the call ends, whether the service closed it or it was cancelled. */
	void streamClosed(Status status) {
		for (ServerStreamTracer tracer : this.tracers) {
			tracer.streamClosed(status);
		}
	}

	/** -1, grpc-java's "unknown", for a message that is not protobuf. */
	private static long sizeOf(Object message) {
		return (message instanceof MessageLite protobuf) ? protobuf.getSerializedSize() : -1;
	}

	/** What {@link ServerStreamTracer#serverCallStarted} learns of the call. */
	private static final class CallInfo<ReqT, RespT> extends ServerStreamTracer.ServerCallInfo<ReqT, RespT> {

		private final ServerCall<ReqT, RespT> call;

		CallInfo(ServerCall<ReqT, RespT> call) {
			this.call = call;
		}

		@Override
		public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
			return this.call.getMethodDescriptor();
		}

		@Override
		public Attributes getAttributes() {
			return this.call.getAttributes();
		}

		@Override
		public String getAuthority() {
			return this.call.getAuthority();
		}

	}

}
