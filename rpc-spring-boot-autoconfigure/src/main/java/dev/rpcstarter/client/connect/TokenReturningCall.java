package dev.rpcstarter.client.connect;

import io.grpc.ClientCall;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * A call sent once on a channel with retry throttling, that gives the channel's tokens back
 * when it succeeds. gRFC A6 counts every call of the channel, not only the calls of methods
 * that are retried or hedged (grpc-java's channel does too), so a client earns its retries
 * back through all its calls that succeed.
 *
 * @param <ReqT> the request type
 * @param <RespT> the response type
 */
final class TokenReturningCall<ReqT, RespT> extends ForwardingClientCall.SimpleForwardingClientCall<ReqT, RespT> {

	private final RetryTokens tokens;

	TokenReturningCall(ClientCall<ReqT, RespT> call, RetryTokens tokens) {
		super(call);
		this.tokens = tokens;
	}

	@Override
	public void start(Listener<RespT> listener, Metadata headers) {
		super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {

			@Override
			public void onClose(Status status, Metadata trailers) {
				if (status.isOk()) {
					TokenReturningCall.this.tokens.succeeded();
				}
				super.onClose(status, trailers);
			}

		}, headers);
	}

}
