package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.Envelope;
import io.grpc.Status;
import jakarta.servlet.ServletInputStream;

/**
 * A request body of enveloped messages: a five-byte prefix (flags and length), then the
 * payload. It reads only the bytes of the envelope under way, so that the rest stay in the
 * container's buffer until the service has room for them.
 */
final class EnvelopeRequestFraming implements RequestFraming {

	private final String encoding;

	private final int maxBytes;

	private final byte[] prefix = new byte[Envelope.PREFIX_LENGTH];

	private int prefixRead;

	/** The payload of the envelope being read, once its prefix is whole. */
	private byte[] payload;

	private int payloadRead;

	/**
	 * @param encoding the request's message encoding, or {@code null} for none
	 * @param maxBytes the largest message accepted, after decompression
	 */
	EnvelopeRequestFraming(String encoding, int maxBytes) {
		this.encoding = encoding;
		this.maxBytes = maxBytes;
	}

	@Override
	public boolean read(ServletInputStream body) throws IOException {
		int n;
		if (this.payload == null) {
			n = body.read(this.prefix, this.prefixRead, this.prefix.length - this.prefixRead);
			if (n > 0) {
				this.prefixRead += n;
				if (this.prefixRead == this.prefix.length) {
					this.payload = new byte[Envelope.payloadLength(this.prefix, this.maxBytes)];
					this.payloadRead = 0;
				}
			}
		}
		else {
			n = body.read(this.payload, this.payloadRead, this.payload.length - this.payloadRead);
			if (n > 0) {
				this.payloadRead += n;
			}
		}
		return n >= 0;
	}

	@Override
	public byte[] nextMessage() throws IOException {
		if (this.payload == null || this.payloadRead < this.payload.length) {
			return null;
		}
		Envelope envelope = new Envelope(this.prefix[0], this.payload);
		this.prefixRead = 0;
		this.payload = null;
		return envelope.has(Envelope.COMPRESSED) ? decompress(envelope) : envelope.payload();
	}

	@Override
	public boolean inMessage() {
		return this.prefixRead > 0;
	}

	@Override
	public byte[] end() {
		if (this.prefixRead > 0) {
			throw Envelope.truncated();
		}
		return null;
	}

	private byte[] decompress(Envelope envelope) throws IOException {
		if (Compression.isIdentity(this.encoding)) {
			throw Status.INTERNAL.withDescription("a message is flagged compressed but the stream declares no encoding")
				.asRuntimeException();
		}
		return Compression.readMessage(new ByteArrayInputStream(envelope.payload()), this.encoding, this.maxBytes);
	}

}
