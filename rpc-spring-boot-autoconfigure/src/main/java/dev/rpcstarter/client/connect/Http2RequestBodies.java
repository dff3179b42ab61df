package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Fits a request body to the connection its call got. A network interceptor runs once the
 * connection is at hand, and over {@code https://} only then is it known whether ALPN chose
 * HTTP/2.
 * <ul>
 * <li>A {@link StreamingRequestBody} runs full duplex over HTTP/2. OkHttp sends duplex bodies
 * only over HTTP/2 and refuses them over HTTP/1.1.</li>
 * <li>Any other body (one message) is written on an HTTP/2 connection in its turn among the
 * connection's calls, unless it is larger than a new stream's window: see {@link WriteTurns}.</li>
 * </ul>
 */
final class Http2RequestBodies implements Interceptor {

	/** Weak keys: a connection's turns go with the connection, once the pool let it go. */
	private final Map<Connection, WriteTurns> turns = Collections.synchronizedMap(new WeakHashMap<>());

	@Override
	public Response intercept(Chain chain) throws IOException {
		Request request = chain.request();
		RequestBody body = request.body();
		Connection connection = chain.connection();
		if (body == null || connection == null) {
			return chain.proceed(request);
		}
		boolean http2 = HttpVersion.isHttp2(connection.protocol());
		if (body instanceof StreamingRequestBody streaming) {
			streaming.fullDuplex(http2);
			return chain.proceed(request);
		}
		if (!http2) {
			return chain.proceed(request);
		}
		WriteTurns connectionTurns = this.turns.computeIfAbsent(connection, (key) -> new WriteTurns());
		return chain
			.proceed(request.newBuilder().method(request.method(), connectionTurns.inTurn(body, chain.call())).build());
	}

}
