package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Reads a request stream of envelopes into a call, one message ahead of the service at most.
 */
final class EnvelopeReader {

	private EnvelopeReader() {
	}

	/**
	 * Reads until the request ends or the call closes. Runs on the request thread, which it
	 * holds while the client streams: the price of blocking reads, which in return slow a
	 * client down exactly as fast as the service asks for messages.
	 * @param call the call
	 * @param body the request body
	 * @param encoding the request's message encoding, or {@code null} for none
	 * @param maxBytes the largest message accepted, after decompression
	 */
	static void readInto(HttpServerCall<?, ?> call, InputStream body, String encoding, int maxBytes) {
		try {
			while (call.awaitRoomForMessage()) {
				Envelope envelope = Envelope.read(body, maxBytes);
				if (envelope == null) {
					call.receiveHalfClose();
					return;
				}
				call.receiveMessage(envelope.has(Envelope.COMPRESSED) ? decompress(envelope, encoding, maxBytes)
						: envelope.payload());
			}
		}
		catch (StatusRuntimeException ex) {
			call.cancel(ex.getStatus());
		}
		catch (IOException ex) {
			call.cancel(Status.CANCELLED.withDescription("the client went away while sending"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			call.cancel(Status.CANCELLED.withDescription("the server is shutting down"));
		}
	}

	private static byte[] decompress(Envelope envelope, String encoding, int maxBytes) throws IOException {
		if (Compression.isIdentity(encoding)) {
			throw Status.INTERNAL.withDescription("a message is flagged compressed but the stream declares no encoding")
				.asRuntimeException();
		}
		return Compression.readMessage(new ByteArrayInputStream(envelope.payload()), encoding, maxBytes);
	}

}
