package dev.rpcstarter.server.http;

import java.io.IOException;
import java.io.OutputStream;

import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.protocol.HeaderMetadata;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What distinguishes the streaming protocols' responses from each other: the headers, how a
 * message envelope goes on the wire, and how the stream ends. Everything else (ordering,
 * the compression of messages, flow control, failures) is {@link StreamingResponse}'s.
 */
interface StreamFraming {

	/**
	 * Sets the status, content type, protocol headers and the service's headers. Called once,
	 * before any body byte.
	 * @param http the response
	 * @param headers the service's headers
	 * @param messageEncoding the compression of messages, or {@code null} for none
	 */
	void writeHeaders(HttpServletResponse http, Metadata headers, String messageEncoding);

	/**
	 * The bytes of one message envelope.
	 * @param message the envelope
	 * @return what to write
	 */
	default byte[] frame(Envelope message) {
		return message.toBytes();
	}

	/**
	 * Whether messages are compressed one by one, in their envelopes, as the call's
	 * compression says: {@code false} for a protocol that compresses its body instead.
	 * @return whether the response compresses messages
	 */
	default boolean compressesMessages() {
		return true;
	}

	/**
	 * Where the frames go once the headers are written: the response's body, or a stream that
	 * compresses it for a protocol that compresses the body rather than its messages.
	 * @param http the response
	 * @param compression the call's compression, whose encoding {@link #writeHeaders} was given
	 * @return the stream to write frames to
	 * @throws IOException when the response's body cannot be had
	 */
	default OutputStream body(HttpServletResponse http, CallCompression compression) throws IOException {
		return http.getOutputStream();
	}

	/**
	 * Ends the stream with the call's outcome.
	 * @param http the response
	 * @param status the outcome
	 * @param trailers the service's trailers
	 * @param headersWritten whether {@link #writeHeaders} has run; when it has not, the
	 * protocol may answer with headers alone
	 * @throws IOException when the response cannot be written
	 */
	void end(HttpServletResponse http, Status status, Metadata trailers, boolean headersWritten) throws IOException;

	/**
	 * The response headers every streaming protocol starts with: 200, the content type, the
	 * protocol's message-encoding header when messages are compressed, the service's headers.
	 * @param http the response
	 * @param contentType the response's content type
	 * @param encodingHeader the protocol's name for the message-encoding header
	 * @param messageEncoding the compression of messages, or {@code null} for none
	 * @param headers the service's headers
	 */
	static void writeStreamHeaders(HttpServletResponse http, String contentType, String encodingHeader,
			String messageEncoding, Metadata headers) {
		http.setStatus(HttpServletResponse.SC_OK);
		http.setContentType(contentType);
		if (messageEncoding != null) {
			http.setHeader(encodingHeader, messageEncoding);
		}
		HeaderMetadata.forEachHeader(headers, "", http::addHeader);
	}

}
