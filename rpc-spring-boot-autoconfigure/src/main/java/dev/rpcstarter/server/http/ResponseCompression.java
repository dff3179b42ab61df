package dev.rpcstarter.server.http;

import dev.rpcstarter.protocol.Compression;

/**
 * Which response messages the web port compresses unless the service chooses for its call: with
 * gzip, those of at least a minimum size, for clients that accept gzip.
 *
 * <p>The Connect protocol's servers compress by default this way. grpc-java's servers, and with
 * them the gRPC port, compress only what a service asks them to ({@code setCompression}); with
 * {@link #WHEN_ASKED} the web port does the same. Either way a service's own choice for its call
 * wins: see {@link CallCompression}.
 */
public final class ResponseCompression {

	/** Compresses only the calls whose service asks for it, as grpc-java's servers do. */
	public static final ResponseCompression WHEN_ASKED = new ResponseCompression(CallCompression.NEVER);

	private final int minBytes;

	private ResponseCompression(int minBytes) {
		this.minBytes = minBytes;
	}

	/**
	 * Compresses the messages of at least a size.
	 * @param minBytes the smallest message compressed, at least 1: below about a kilobyte gzip's
	 * own header and trailer eat most of the gain
	 * @return the policy
	 */
	public static ResponseCompression gzipFrom(int minBytes) {
		if (minBytes < 1) {
			throw new IllegalArgumentException("the smallest compressed message must be at least 1 byte: " + minBytes);
		}
		return new ResponseCompression(minBytes);
	}

	/**
	 * The compression of one call's response messages.
	 * @param acceptEncoding the header by which the client lists the encodings it reads, or
	 * {@code null}
	 * @return the call's compression, which its service may still change
	 */
	CallCompression forCall(String acceptEncoding) {
		return new CallCompression(Compression.acceptsGzip(acceptEncoding), this.minBytes);
	}

}
