package dev.rpcstarter.client.connect;

import java.io.IOException;

import dev.rpcstarter.protocol.Codec;
import okhttp3.Request;
import okhttp3.Response;

/**
 * How one protocol puts a call on HTTP: the request's headers and framing, and how the
 * response turns back into headers, messages and an outcome. The call model around it is the
 * same for all of them ({@link HttpClientCall}).
 */
interface WireProtocol {

	/**
	 * Adds the headers that describe the call: content type, timeout, encodings, version.
	 * @param request the request being built
	 * @param codec the message codec
	 * @param timeoutNanos the time left before the deadline, or a negative number for none
	 * @param gzip whether request messages are gzip-compressed
	 */
	void addRequestHeaders(Request.Builder request, Codec codec, long timeoutNanos, boolean gzip);

	/**
	 * The bytes that carry one request message.
	 * @param message the encoded message, already compressed when {@code gzip}
	 * @param gzip whether it is compressed
	 * @return what goes into the request body
	 */
	byte[] frame(byte[] message, boolean gzip);

	/**
	 * Reads a whole response into the call, ending with {@link ResponseListener#close} unless
	 * the call stopped listening.
	 * @param response the response, its body not yet read
	 * @param call receives what the response holds
	 * @param maxMessageBytes the largest message to accept, after decompression
	 * @throws IOException when the body cannot be read
	 */
	void read(Response response, ResponseListener call, int maxMessageBytes) throws IOException;

}
