package dev.rpcstarter.client.connect;

import java.io.IOException;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.ConnectTimeout;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Metadata;
import io.grpc.Status;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Connect streaming calls ({@code application/connect+proto|json}): the outcome is the
 * end-of-stream JSON of the last envelope; a refusal before the stream may come as error JSON
 * with an HTTP error status.
 */
final class ConnectStreamWire extends EnvelopeStreamWire {

	@Override
	public void addRequestHeaders(Request.Builder request, Codec codec, long timeoutNanos, boolean gzip) {
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
	Status refusal(Response response, int maxMessageBytes) throws IOException {
		Status refusal = super.refusal(response, maxMessageBytes);
		if (refusal == null || response.code() == 200) {
			return refusal;
		}
		byte[] body = response.body().byteStream().readNBytes(maxMessageBytes);
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
