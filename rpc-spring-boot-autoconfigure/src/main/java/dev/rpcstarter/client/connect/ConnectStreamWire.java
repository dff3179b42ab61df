package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.ConnectTimeout;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Connect streaming calls ({@code application/connect+proto|json}): the outcome is the
 * end-of-stream JSON of the last envelope; a refusal before the stream may come as error JSON
 * with an HTTP error status.
 */
final class ConnectStreamWire extends EnvelopeStreamWire {

	@Override
	public void addRequestHeaders(HttpRequest.Builder request, Codec codec, long timeoutNanos, boolean gzip) {
		request.header("Content-Type", contentTypePrefix() + codec.subtype());
		request.header("Connect-Protocol-Version", "1");
		request.header("Connect-Accept-Encoding", Compression.ACCEPTED);
		if (gzip) {
			request.header("Connect-Content-Encoding", "gzip");
		}
		if (timeoutNanos >= 0) {
			request.header("Connect-Timeout-Ms", ConnectTimeout.format(timeoutNanos));
		}
	}

	@Override
	Status refusal(HttpResponse<InputStream> response, int maxMessageBytes) throws IOException {
		Status refusal = super.refusal(response, maxMessageBytes);
		if (refusal == null || response.statusCode() == 200) {
			return refusal;
		}
		byte[] body = response.body().readNBytes(maxMessageBytes);
		Status error = ConnectErrorJson.readError(body, new Metadata());
		return (error != null) ? error : refusal;
	}

	@Override
	String contentTypePrefix() {
		return "application/connect+";
	}

	@Override
	String encodingHeader() {
		return "Connect-Content-Encoding";
	}

	@Override
	int endFlag() {
		return Envelope.CONNECT_END_STREAM;
	}

	@Override
	Status readEnd(byte[] payload, Metadata trailers) {
		return ConnectErrorJson.readEndOfStream(payload, trailers);
	}

}
