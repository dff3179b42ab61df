package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.protocol.GrpcTimeout;
import dev.rpcstarter.protocol.GrpcTrailers;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * gRPC-Web ({@code application/grpc-web+proto|json}): gRPC's headers and frames, with the
 * trailers in a last frame flagged 0x80, or in the headers of a response that has no body
 * (trailers-only).
 */
final class GrpcWebWire extends EnvelopeStreamWire {

	private static final String GRPC_STATUS = "grpc-status";

	@Override
	public void addRequestHeaders(HttpRequest.Builder request, Codec codec, long timeoutNanos, boolean gzip) {
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
	Status refusal(HttpResponse<InputStream> response, int maxMessageBytes) throws IOException {
		HttpHeaders headers = response.headers();
		if (headers.firstValue(GRPC_STATUS).isPresent()) {
			return GrpcTrailers.statusOf(headers.firstValue(GRPC_STATUS).orElse(null),
					headers.firstValue("grpc-message").orElse(null));
		}
		return super.refusal(response, maxMessageBytes);
	}

	@Override
	Metadata trailersOnly(HttpHeaders fields) {
		return ResponseMetadata.grpcTrailers(fields.map());
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
