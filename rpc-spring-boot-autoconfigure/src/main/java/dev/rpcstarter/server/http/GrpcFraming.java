package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.Map;

import dev.rpcstarter.protocol.GrpcTrailers;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Native gRPC responses (HTTP/2): messages in frames and the status in HTTP trailers.
 *
 * <p>Even a call that ends before sending anything gets headers and then trailers, never
 * gRPC's "Trailers-Only" form: that form needs the status in a HEADERS frame that also ends
 * the stream, and Tomcat commits a response's headers before it marks the response closed,
 * so it ends a 200 response without a body with an empty DATA frame. So gRPC clients do not
 * retry a call that fails here: they retry only until response headers arrive (gRFC A6).
 */
final class GrpcFraming implements StreamFraming {

	private final String contentType;

	/** Filled when the call ends; the container reads it when it finishes the response. */
	private volatile Map<String, String> trailers = Map.of();

	GrpcFraming(String contentType) {
		this.contentType = contentType;
	}

	@Override
	public void writeHeaders(HttpServletResponse http, Metadata headers, String messageEncoding) {
		StreamFraming.writeStreamHeaders(http, this.contentType, "grpc-encoding", messageEncoding, headers);
		// Must be in place before the response is committed; read only at its end.
		http.setTrailerFields(() -> this.trailers);
	}

	@Override
	public void end(HttpServletResponse http, Status status, Metadata trailers, boolean headersWritten)
			throws IOException {
		if (!headersWritten) {
			writeHeaders(http, new Metadata(), null);
		}
		this.trailers = GrpcTrailers.of(status, trailers);
	}

}
