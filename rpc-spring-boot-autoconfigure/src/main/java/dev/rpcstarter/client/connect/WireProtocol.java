package dev.rpcstarter.client.connect;

import java.io.IOException;

import dev.rpcstarter.protocol.Codec;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
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
	 * The request that sends a call's one request message, once its headers are added: a POST
	 * with the frame as its body, unless the protocol carries the message another way.
	 * @param request the request, with its URL and headers
	 * @param url the method's URL, which the request has
	 * @param frame what {@link #frame} made of the message
	 * @param codec the message codec
	 * @param gzip whether the message is gzip-compressed
	 * @return the request
	 */
	default Request singleMessageRequest(Request.Builder request, HttpUrl url, byte[] frame, Codec codec,
			boolean gzip) {
		return request.post(RequestBody.create(frame, null)).build();
	}

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
