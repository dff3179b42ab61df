package dev.rpcstarter.client.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Metadata;
import io.grpc.Status;
import okhttp3.Response;

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
	public void read(Response response, ResponseListener call, int maxMessageBytes) throws IOException {
		Map<String, List<String>> fields = response.headers().toMultimap();
		Status refusal = refusal(response, maxMessageBytes);
		if (refusal != null) {
			call.close(refusal, trailersOnly(fields));
			return;
		}
		String encoding = response.header(encodingHeader());
		if (!Compression.isSupported(encoding)) {
			call.close(Status.INTERNAL.withDescription("the response is in an unsupported encoding: " + encoding),
					new Metadata());
			return;
		}
		call.headers(ResponseMetadata.headers(fields));
		InputStream body = response.body().byteStream();
		for (Envelope envelope = Envelope.read(body, maxMessageBytes); envelope != null; envelope = Envelope.read(body,
				maxMessageBytes)) {
			byte[] payload = envelope.has(Envelope.COMPRESSED) ? decompress(envelope, encoding, maxMessageBytes)
					: envelope.payload();
			if (envelope.has(endFlag())) {
				Metadata trailers = new Metadata();
				Status status = readEnd(payload, trailers);
				ResponseBodyEnd.await(body, "its end-of-stream message");
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
	Status refusal(Response response, int maxMessageBytes) throws IOException {
		String contentType = response.header("Content-Type", "").toLowerCase(Locale.ROOT);
		if (response.code() == 200 && !contentType.startsWith(contentTypePrefix())) {
			return Status.INTERNAL.withDescription("the response has content type '" + contentType + "'");
		}
		return (response.code() != 200) ? HttpStatuses.toStatus(response.code()) : null;
	}

	/**
	 * The metadata of a response that is refused before its stream starts.
	 * @param fields the response headers, names in lower case
	 * @return the call's trailers
	 */
	Metadata trailersOnly(Map<String, List<String>> fields) {
		return ResponseMetadata.headers(fields);
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
