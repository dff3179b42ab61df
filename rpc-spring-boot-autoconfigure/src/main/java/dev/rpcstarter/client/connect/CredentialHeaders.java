package dev.rpcstarter.client.connect;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import okhttp3.HttpUrl;

/**
 * The request headers that a call's {@link CallCredentials} add ({@code withCallCredentials}
 * on a stub), as grpc-java's own channels apply them: asked for once per call, before its
 * request goes out, and possibly given later on another thread, since credentials may fetch a
 * token first.
 */
final class CredentialHeaders {

	private CredentialHeaders() {
	}

	/**
	 * Asks the call's credentials for their headers.
	 * @param options the call's options, which hold its credentials, if any
	 * @param method the method called
	 * @param url where it is called
	 * @param executor where credentials may do their work
	 * @return the headers, or a failure with a {@link io.grpc.StatusException} when the
	 * credentials refuse, the status the call then ends with; {@code null} when the call has no
	 * credentials
	 */
	static CompletableFuture<Metadata> request(CallOptions options, MethodDescriptor<?, ?> method, HttpUrl url,
			Executor executor) {
		CallCredentials credentials = options.getCredentials();
		if (credentials == null) {
			return null;
		}
		CompletableFuture<Metadata> headers = new CompletableFuture<>();
		try {
			credentials.applyRequestMetadata(new Request(method, options, url), executor,
					new CallCredentials.MetadataApplier() {

						@Override
						public void apply(Metadata metadata) {
							headers.complete(metadata);
						}

						@Override
						public void fail(Status status) {
							headers.completeExceptionally(status.asException());
						}

					});
		}
		catch (RuntimeException ex) {
			// grpc-java treats credentials that throw rather than fail as refusing the caller.
			headers.completeExceptionally(Status.UNAUTHENTICATED
				.withDescription("the call credentials failed: " + ex.getMessage())
				.withCause(ex)
				.asException());
		}
		return headers;
	}

	/** What credentials learn about the call: over {@code https://} the channel is private. */
	private static final class Request extends CallCredentials.RequestInfo {

		private final MethodDescriptor<?, ?> method;

		private final CallOptions options;

		private final HttpUrl url;

		Request(MethodDescriptor<?, ?> method, CallOptions options, HttpUrl url) {
			this.method = method;
			this.options = options;
			this.url = url;
		}

		@Override
		public MethodDescriptor<?, ?> getMethodDescriptor() {
			return this.method;
		}

		@Override
		public CallOptions getCallOptions() {
			return this.options;
		}

		@Override
		public SecurityLevel getSecurityLevel() {
			return this.url.isHttps() ? SecurityLevel.PRIVACY_AND_INTEGRITY : SecurityLevel.NONE;
		}

		@Override
		public String getAuthority() {
			if (this.options.getAuthority() != null) {
				return this.options.getAuthority();
			}
			String host = this.url.host();
			return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + this.url.port();
		}

		@Override
		public Attributes getTransportAttrs() {
			return Attributes.EMPTY;
		}

	}

}
