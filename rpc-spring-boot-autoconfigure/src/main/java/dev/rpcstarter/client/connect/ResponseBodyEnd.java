package dev.rpcstarter.client.connect;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a response body on to its end once its last message is in, before the response is
 * closed.
 *
 * <p>OkHttp resets an HTTP/2 stream that is closed before its end has arrived, and Tomcat
 * answers a reset of a stream it has already forgotten by closing the connection, which fails
 * every other call on it (about one call in 50,000 at 64 in flight, before this). A server
 * ends the stream right after its last bytes, so this rarely waits; while it does, the call's
 * deadline still runs.
 */
final class ResponseBodyEnd {

	private ResponseBodyEnd() {
	}

	/**
	 * Waits for the end of a body whose content has been read.
	 * @param body the body
	 * @param lastPart what was read last, for the error
	 * @throws IOException when the body goes on, or cannot be read
	 */
	static void await(InputStream body, String lastPart) throws IOException {
		if (body.read() != -1) {
			throw new IOException("the response body goes on after " + lastPart);
		}
	}

}
