package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.ConnectTimeout;
import io.grpc.Metadata;
import io.grpc.Status;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Connect unary calls: the message is the whole body of a POST ({@code application/proto} or
 * {@code application/json}) and of the answer; an error comes as error JSON with an HTTP
 * error status; trailers come as headers prefixed {@code trailer-}.
 *
 * <p>A method without side effects ({@code option idempotency_level = NO_SIDE_EFFECTS}) may be
 * called with a GET instead, its message in the query, so that HTTP caches can answer it: the
 * wire {@link #forGet()} makes for the channels that ask for it. A message whose URL would be
 * longer than {@link #MAX_GET_URL_LENGTH} still goes as a POST.
 */
final class ConnectUnaryWire implements WireProtocol {

	/**
	 * The longest URL of a GET: servers and proxies limit the request line, Tomcat to 8 KiB
	 * together with the headers.
	 */
	static final int MAX_GET_URL_LENGTH = 4096;

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final boolean get;

	private ConnectUnaryWire(boolean get) {
		this.get = get;
	}

	/**
	 * @return the wire that sends every call as a POST
	 */
	static ConnectUnaryWire forPost() {
		return new ConnectUnaryWire(false);
	}

	/**
	 * @return the wire that calls methods without side effects with a GET, for the channel to
	 * use with them only
	 */
	static ConnectUnaryWire forGet() {
		return new ConnectUnaryWire(true);
	}

	@Override
	public void addRequestHeaders(Request.Builder request, Codec codec, long timeoutNanos, boolean gzip) {
		request.header("Content-Type", "application/" + codec.subtype());
		request.header("Connect-Protocol-Version", "1");
		request.header("Accept-Encoding", Compression.ACCEPTED);
		if (gzip) {
			request.header("Content-Encoding", "gzip");
		}
		if (timeoutNanos >= 0) {
			request.header("Connect-Timeout-Ms", ConnectTimeout.format(timeoutNanos));
		}
	}

	@Override
	public byte[] frame(byte[] message, boolean gzip) {
		return message;
	}

	@Override
	public Request singleMessageRequest(Request.Builder request, HttpUrl url, byte[] frame, Codec codec,
			boolean gzip) {
		if (this.get) {
			HttpUrl query = queryUrl(url, frame, codec, gzip);
			if (query.toString().length() <= MAX_GET_URL_LENGTH) {
				// A GET has no body to describe, and says its protocol version in the query.
				return request.url(query)
					.removeHeader("Content-Type")
					.removeHeader("Content-Encoding")
					.removeHeader("Connect-Protocol-Version")
					.get()
					.build();
			}
		}
		return WireProtocol.super.singleMessageRequest(request, url, frame, codec, gzip);
	}

	/**
	 * The URL of a GET: the message in the query, as JSON text when it is uncompressed JSON,
	 * else as URL-safe base64.
	 */
	private static HttpUrl queryUrl(HttpUrl url, byte[] message, Codec codec, boolean gzip) {
		HttpUrl.Builder query = url.newBuilder()
			.addQueryParameter("connect", "v1")
			.addQueryParameter("encoding", codec.subtype());
		if (gzip) {
			query.addQueryParameter("compression", "gzip");
		}
		if (codec == Codec.JSON && !gzip) {
			query.addQueryParameter("message", new String(message, StandardCharsets.UTF_8));
		}
		else {
			query.addQueryParameter("base64", "1").addQueryParameter("message", BASE64.encodeToString(message));
		}
		return query.build();
	}

	@Override
	public void read(Response response, ResponseListener call, int maxMessageBytes) throws IOException {
		String encoding = response.header("Content-Encoding");
		if (!Compression.isSupported(encoding)) {
			call.close(Status.INTERNAL.withDescription("the response is in an unsupported encoding: " + encoding),
					new Metadata());
			return;
		}
		Map<String, List<String>> fields = response.headers().toMultimap();
		Metadata headers = ResponseMetadata.headers(fields);
		Metadata trailers = ResponseMetadata.prefixedTrailers(fields);
		byte[] body = readBody(response.body(), encoding, maxMessageBytes);
		if (response.code() != 200) {
			// Like a gRPC trailers-only response: everything the server sent is trailers.
			trailers.merge(headers);
			Status error = ConnectErrorJson.readError(body, trailers);
			call.close((error != null) ? error : HttpStatuses.toStatus(response.code()), trailers);
			return;
		}
		call.headers(headers);
		if (call.message(body)) {
			call.close(Status.OK, trailers);
		}
	}

	private static byte[] readBody(ResponseBody body, String encoding, int maxMessageBytes) throws IOException {
		long length = body.contentLength();
		if (Compression.isIdentity(encoding) && length >= 0 && length <= maxMessageBytes) {
			InputStream in = body.byteStream();
			byte[] message = Compression.readDeclaredLength(in, (int) length);
			ResponseBodyEnd.await(in, "its Content-Length");
			return message;
		}
		return Compression.readMessage(body.byteStream(), encoding, maxMessageBytes);
	}

}
