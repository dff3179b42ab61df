package dev.rpcstarter.client.connect;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import com.google.common.util.concurrent.MoreExecutors;
import dev.rpcstarter.test.v1.TestServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What call credentials learn about a call and how their answer ends up; the calls themselves
 * are in {@link ClientTransportTests}.
 */
class CredentialHeadersTests {

	private static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-token", Metadata.ASCII_STRING_MARSHALLER);

	private final AtomicReference<CallCredentials.RequestInfo> seen = new AtomicReference<>();

	@Test
	void callWithoutCredentialsHasNoHeadersToWaitFor() {
		assertThat(request(CallOptions.DEFAULT, "http://localhost:8080/")).isNull();
	}

	@Test
	void credentialsLearnTheMethodTheAuthorityAndWhetherTheChannelIsPrivate() throws Exception {
		Metadata plain = request(withCredentials(), "http://[::1]:8080/").get();
		assertThat(plain.get(TOKEN)).isEqualTo("secret");
		assertThat(this.seen.get().getMethodDescriptor()).isEqualTo(TestServiceGrpc.getEchoMethod());
		assertThat(this.seen.get().getAuthority()).isEqualTo("[::1]:8080");
		assertThat(this.seen.get().getSecurityLevel()).isEqualTo(SecurityLevel.NONE);

		request(withCredentials(), "https://example.com/").get();
		assertThat(this.seen.get().getAuthority()).isEqualTo("example.com:443");
		assertThat(this.seen.get().getSecurityLevel()).isEqualTo(SecurityLevel.PRIVACY_AND_INTEGRITY);

		request(withCredentials().withAuthority("api.example.com"), "https://10.0.0.1/").get();
		assertThat(this.seen.get().getAuthority()).as("the call's own authority").isEqualTo("api.example.com");
	}

	@Test
	void credentialsThatThrowRefuseTheCallAsUnauthenticated() {
		CallCredentials throwing = new CallCredentials() {
			@Override
			public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
				throw new IllegalStateException("no key store");
			}
		};
		CompletableFuture<Metadata> headers = request(CallOptions.DEFAULT.withCallCredentials(throwing),
				"http://localhost:8080/");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(headers::get)
			.satisfies((ex) -> assertThat(Status.fromThrowable(ex).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED))
			.withMessageContaining("no key store");
	}

	private CallOptions withCredentials() {
		return CallOptions.DEFAULT.withCallCredentials(new CallCredentials() {
			@Override
			public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
				CredentialHeadersTests.this.seen.set(info);
				Metadata headers = new Metadata();
				headers.put(TOKEN, "secret");
				applier.apply(headers);
			}
		});
	}

	private static CompletableFuture<Metadata> request(CallOptions options, String url) {
		return CredentialHeaders.request(options, TestServiceGrpc.getEchoMethod(), HttpUrl.get(url),
				MoreExecutors.directExecutor());
	}

}
