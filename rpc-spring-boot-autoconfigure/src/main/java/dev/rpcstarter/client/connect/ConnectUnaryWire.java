package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.ConnectTimeout;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Connect unary calls: the message is the whole body of a POST ({@code application/proto} or
 * {@code application/json}) and of the answer; an error comes as error JSON with an HTTP
 * error status; trailers come as headers prefixed {@code trailer-}.
 */
final class ConnectUnaryWire implements WireProtocol {

	@Override
	public void addRequestHeaders(HttpRequest.Builder request, Codec codec, long timeoutNanos, boolean gzip) {
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
	public void read(HttpResponse<InputStream> response, ResponseListener call, int maxMessageBytes)
			throws IOException {
		HttpHeaders fields = response.headers();
		String encoding = fields.firstValue("Content-Encoding").orElse(null);
		if (!Compression.isSupported(encoding)) {
			call.close(Status.INTERNAL.withDescription("the response is in an unsupported encoding: " + encoding),
					new Metadata());
			return;
		}
		Metadata headers = ResponseMetadata.headers(fields.map());
		Metadata trailers = ResponseMetadata.prefixedTrailers(fields.map());
		byte[] body = Compression.readMessage(response.body(), encoding, maxMessageBytes);
		if (response.statusCode() != 200) {
			// Like a gRPC trailers-only response: everything the server sent is trailers.
			trailers.merge(headers);
			Status error = ConnectErrorJson.readError(body, trailers);
			call.close((error != null) ? error : HttpStatuses.toStatus(response.statusCode()), trailers);
			return;
		}
		call.headers(headers);
		if (call.message(body)) {
			call.close(Status.OK, trailers);
		}
	}

}
