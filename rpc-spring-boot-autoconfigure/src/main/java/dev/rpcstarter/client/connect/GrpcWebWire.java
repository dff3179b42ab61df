package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.protocol.GrpcTimeout;
import dev.rpcstarter.protocol.GrpcTrailers;
import io.grpc.Metadata;
import io.grpc.Status;
import okhttp3.Request;
import okhttp3.Response;

/**
 * gRPC-Web ({@code application/grpc-web+proto|json}): gRPC's headers and frames, with the
 * trailers in a last frame flagged 0x80, or in the headers of a response that has no body
 * (trailers-only).
 */
final class GrpcWebWire extends EnvelopeStreamWire {

	private static final String GRPC_STATUS = "grpc-status";

	@Override
	public void addRequestHeaders(Request.Builder request, Codec codec, long timeoutNanos, boolean gzip) {
		request.header("Content-Type", contentTypePrefix() + codec.subtype());
		request.header("X-Grpc-Web", "1");
		request.header("grpc-accept-encoding", Compression.ACCEPTED);
		if (gzip) {
			request.header("grpc-encoding", "gzip");
		}
		if (timeoutNanos >= 0) {
			request.header("grpc-timeout", GrpcTimeout.format(timeoutNanos));
		}
	}

	@Override
	Status refusal(Response response, int maxMessageBytes) throws IOException {
		String status = response.header(GRPC_STATUS);
		if (status != null) {
			return GrpcTrailers.statusOf(status, response.header("grpc-message"));
		}
		return super.refusal(response, maxMessageBytes);
	}

	@Override
	Metadata trailersOnly(Map<String, List<String>> fields) {
		return ResponseMetadata.grpcTrailers(fields);
	}

	@Override
	String contentTypePrefix() {
		return "application/grpc-web+";
	}

	@Override
	String encodingHeader() {
		return "grpc-encoding";
	}

	@Override
	int endFlag() {
		return Envelope.GRPC_WEB_TRAILERS;
	}

	@Override
	Status readEnd(byte[] payload, Metadata trailers) {
		Map<String, List<String>> fields = GrpcTrailers.parseHttp1Block(payload);
		trailers.merge(ResponseMetadata.grpcTrailers(fields));
		return GrpcTrailers.statusOf(first(fields, GRPC_STATUS), first(fields, "grpc-message"));
	}

	private static String first(Map<String, List<String>> fields, String name) {
		List<String> values = fields.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

}
