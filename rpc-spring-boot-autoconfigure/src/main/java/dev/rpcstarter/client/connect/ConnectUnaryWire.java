package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.ConnectTimeout;
import io.grpc.Metadata;
import io.grpc.Status;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Connect unary calls: the message is the whole body of a POST ({@code application/proto} or
 * {@code application/json}) and of the answer; an error comes as error JSON with an HTTP
 * error status; trailers come as headers prefixed {@code trailer-}.
 */
final class ConnectUnaryWire implements WireProtocol {

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
