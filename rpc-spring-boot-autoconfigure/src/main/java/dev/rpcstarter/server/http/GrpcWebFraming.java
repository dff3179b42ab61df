package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.Base64;

import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.protocol.GrpcTrailers;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;

/**
 * gRPC-Web responses: gRPC's frames, with the trailers in a last frame flagged 0x80 since
 * browsers cannot read HTTP trailers; in the text variant every frame is base64 encoded on
 * its own, which clients decode chunk by chunk.
 */
final class GrpcWebFraming implements StreamFraming {

	private final String contentType;

	private final boolean text;

	GrpcWebFraming(String contentType, boolean text) {
		this.contentType = contentType;
		this.text = text;
	}

	@Override
	public void writeHeaders(HttpServletResponse http, Metadata headers, String messageEncoding) {
		StreamFraming.writeStreamHeaders(http, this.contentType, "grpc-encoding", messageEncoding, headers);
	}

	@Override
	public byte[] frame(Envelope message) {
		byte[] bytes = message.toBytes();
		return this.text ? Base64.getEncoder().encode(bytes) : bytes;
	}

	@Override
	public void end(HttpServletResponse http, Status status, Metadata trailers, boolean headersWritten)
			throws IOException {
		if (!headersWritten) {
			writeHeaders(http, new Metadata(), null);
		}
		byte[] block = GrpcTrailers.asHttp1Block(status, trailers);
		http.getOutputStream().write(frame(new Envelope(Envelope.GRPC_WEB_TRAILERS, block)));
	}

}
