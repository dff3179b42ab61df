package dev.rpcstarter.server.http;

import java.io.IOException;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Connect streaming responses: always HTTP 200, messages in envelopes, and a last envelope
 * flagged end-of-stream whose JSON holds the error, if any, and the trailers.
 */
final class ConnectStreamFraming implements StreamFraming {

	private final Codec codec;

	ConnectStreamFraming(Codec codec) {
		this.codec = codec;
	}

	@Override
	public void writeHeaders(HttpServletResponse http, Metadata headers, String messageEncoding) {
		StreamFraming.writeStreamHeaders(http, "application/connect+" + this.codec.subtype(), "Connect-Content-Encoding",
				messageEncoding, headers);
	}

	@Override
	public void end(HttpServletResponse http, Status status, Metadata trailers, boolean headersWritten)
			throws IOException {
		if (!headersWritten) {
			writeHeaders(http, new Metadata(), null);
		}
		byte[] json = ConnectErrorJson.endOfStream(status, trailers);
		http.getOutputStream().write(new Envelope(Envelope.CONNECT_END_STREAM, json).toBytes());
	}

}
