package dev.rpcstarter.server.http;

import java.io.IOException;

import dev.rpcstarter.protocol.ConnectErrorJson;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sends an error as a whole HTTP response with a JSON body: Connect's error JSON, or another
 * protocol's rendered error (REST's {@code google.rpc.Status}).
 */
final class JsonErrorResponses {

	private JsonErrorResponses() {
	}

	/**
	 * Sends an error as Connect error JSON with a chosen HTTP status, for errors about HTTP itself (an unknown path,
	 * a wrong method or content type) whose status says more than the code's would.
	 * @param http the response, not yet committed
	 * @param httpStatus the HTTP status
	 * @param status the error
	 * @throws IOException when the response cannot be written
	 */
	static void sendConnect(HttpServletResponse http, int httpStatus, Status status) throws IOException {
		send(http, httpStatus, ConnectErrorJson.toJson(status, new Metadata()));
	}

	/**
	 * Sends error JSON that is already rendered.
	 * @param http the response, not yet committed
	 * @param httpStatus the HTTP status
	 * @param json the error JSON
	 * @throws IOException when the response cannot be written
	 */
	static void send(HttpServletResponse http, int httpStatus, byte[] json) throws IOException {
		http.setStatus(httpStatus);
		http.setContentType("application/json");
		http.setContentLength(json.length);
		http.getOutputStream().write(json);
	}

}
