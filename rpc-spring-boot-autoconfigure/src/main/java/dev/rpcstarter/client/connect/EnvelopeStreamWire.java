package dev.rpcstarter.client.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Locale;

import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The protocols that frame every message in an {@link Envelope} both ways and end the
 * response with a flagged envelope holding the outcome: Connect streaming and gRPC-Web.
 */
abstract class EnvelopeStreamWire implements WireProtocol {

	@Override
	public byte[] frame(byte[] message, boolean gzip) {
		return new Envelope(gzip ? Envelope.COMPRESSED : 0, message).toBytes();
	}

	@Override
	public void read(HttpResponse<InputStream> response, ResponseListener call, int maxMessageBytes)
			throws IOException {
		HttpHeaders fields = response.headers();
		Status refusal = refusal(response, maxMessageBytes);
		if (refusal != null) {
			call.close(refusal, trailersOnly(fields));
			return;
		}
		String encoding = fields.firstValue(encodingHeader()).orElse(null);
		if (!Compression.isSupported(encoding)) {
			call.close(Status.INTERNAL.withDescription("the response is in an unsupported encoding: " + encoding),
					new Metadata());
			return;
		}
		call.headers(ResponseMetadata.headers(fields.map()));
		InputStream body = response.body();
		for (Envelope envelope = Envelope.read(body, maxMessageBytes); envelope != null; envelope = Envelope.read(body,
				maxMessageBytes)) {
			byte[] payload = envelope.has(Envelope.COMPRESSED) ? decompress(envelope, encoding, maxMessageBytes)
					: envelope.payload();
			if (envelope.has(endFlag())) {
				Metadata trailers = new Metadata();
				Status status = readEnd(payload, trailers);
				call.close(status, trailers);
				return;
			}
			if (!call.message(payload)) {
				return;
			}
		}
		call.close(Status.INTERNAL.withDescription("the response ended without its end-of-stream message"),
				new Metadata());
	}

	/**
	 * Why the response carries no stream, or {@code null} when it does.
	 * @param response the response, its body not yet read
	 * @param maxMessageBytes the largest body to read for an error
	 * @return the error
	 * @throws IOException when an error body cannot be read
	 */
	Status refusal(HttpResponse<InputStream> response, int maxMessageBytes) throws IOException {
		String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
		if (response.statusCode() == 200 && !contentType.startsWith(contentTypePrefix())) {
			return Status.INTERNAL.withDescription("the response has content type '" + contentType + "'");
		}
		return (response.statusCode() != 200) ? HttpStatuses.toStatus(response.statusCode()) : null;
	}

	/**
	 * The metadata of a response that is refused before its stream starts.
	 * @param fields the response headers
	 * @return the call's trailers
	 */
	Metadata trailersOnly(HttpHeaders fields) {
		return ResponseMetadata.headers(fields.map());
	}

	/** The start of the response content types, such as {@code application/connect+}. */
	abstract String contentTypePrefix();

	/** The header naming the compression of the response messages. */
	abstract String encodingHeader();

	/** The flag of the envelope that ends the response. */
	abstract int endFlag();

	/**
	 * Reads the outcome from the last envelope.
	 * @param payload its payload, decompressed
	 * @param trailers receives the trailers
	 * @return the call's status
	 */
	abstract Status readEnd(byte[] payload, Metadata trailers);

	private static byte[] decompress(Envelope envelope, String encoding, int maxMessageBytes) throws IOException {
		if (Compression.isIdentity(encoding)) {
			throw Status.INTERNAL.withDescription("a message is flagged compressed but the response declares no encoding")
				.asRuntimeException();
		}
		return Compression.readMessage(new ByteArrayInputStream(envelope.payload()), encoding, maxMessageBytes);
	}

}
