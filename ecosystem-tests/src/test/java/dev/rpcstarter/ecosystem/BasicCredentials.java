package dev.rpcstarter.ecosystem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executor;

import io.grpc.CallCredentials;
import io.grpc.Metadata;

/** HTTP Basic credentials, as the {@code Authorization} header of every call. */
final class BasicCredentials extends CallCredentials {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final String authorization;

	private BasicCredentials(String authorization) {
		this.authorization = authorization;
	}

	/**
	 * @param user the user's name
	 * @param password the password
	 * @return credentials of the user
	 */
	static BasicCredentials of(String user, String password) {
		return new BasicCredentials(header(user, password));
	}

	/**
	 * @param user the user's name
	 * @param password the password
	 * @return the {@code Authorization} header's value
	 */
	static String header(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, this.authorization);
		applier.apply(headers);
	}

}
