package dev.rpcstarter.client.connect;

import java.io.IOException;

import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;

/**
 * Lets a {@link StreamingRequestBody} run full duplex when its call got an HTTP/2 connection.
 * OkHttp sends duplex bodies only over HTTP/2 and refuses them over HTTP/1.1, and over
 * {@code https://} the protocol is known only once ALPN has chosen it; a network interceptor
 * runs at that point, with the connection at hand.
 */
final class FullDuplexOnHttp2 implements Interceptor {

	@Override
	public Response intercept(Chain chain) throws IOException {
		if (chain.request().body() instanceof StreamingRequestBody body && chain.connection() != null) {
			Protocol protocol = chain.connection().protocol();
			body.fullDuplex(protocol == Protocol.HTTP_2 || protocol == Protocol.H2_PRIOR_KNOWLEDGE);
		}
		return chain.proceed(chain.request());
	}

}
