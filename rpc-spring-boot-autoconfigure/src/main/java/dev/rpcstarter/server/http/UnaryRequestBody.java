package dev.rpcstarter.server.http;

import java.io.IOException;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The one request message of a unary call on the web port, handed to the call without making
 * a thread wait for a slow client. Most bodies have arrived whole by the time the request is
 * served: the call then gets its message at once, on the request thread, and the request stays
 * out of async mode unless the service answers later. The rest of a body still on its way is
 * read as it arrives, with the container's non-blocking reads, by a {@link RequestStreamReader}:
 * so a client that uploads slowly holds no thread meanwhile, and the call's deadline, which
 * starts with the request as on the gRPC port, covers the upload.
 */
final class UnaryRequestBody {

	/** The message, when it is whole. */
	private final byte[] message;

	/** The body read so far, when the rest is still to arrive. */
	private final WholeBodyRequestFraming rest;

	private final ServletInputStream body;

	private final AsyncExchange exchange;

	private UnaryRequestBody(byte[] message, WholeBodyRequestFraming rest, ServletInputStream body,
			AsyncExchange exchange) {
		this.message = message;
		this.rest = rest;
		this.body = body;
		this.exchange = exchange;
	}

	/**
	 * A message that does not come from the body: a Connect GET request's, or none for a REST
	 * route that reads no body.
	 * @param message the message as its codec reads it
	 * @return the body
	 */
	static UnaryRequestBody of(byte[] message) {
		return new UnaryRequestBody(message, null, null, null);
	}

	/**
	 * Reads what has arrived of a request's body; the rest, if any, is read as it arrives once
	 * the body is {@linkplain #passTo passed to its call}.
	 * @param request the request
	 * @param maxMessageSize the largest message accepted, after decompression
	 * @param exchange the exchange, {@linkplain AsyncExchange#startOnDemand started on demand}
	 * @return the body
	 * @throws io.grpc.StatusRuntimeException when the body is refused: an unknown encoding
	 * ({@code UNIMPLEMENTED}), more than the limit ({@code RESOURCE_EXHAUSTED}), broken gzip
	 * ({@code INVALID_ARGUMENT})
	 * @throws IOException when the body cannot be read
	 */
	static UnaryRequestBody read(HttpServletRequest request, int maxMessageSize, AsyncExchange exchange)
			throws IOException {
		WholeBodyRequestFraming framing = WholeBodyRequestFraming.of(request, maxMessageSize);
		ServletInputStream body = request.getInputStream();
		boolean whole;
		try {
			whole = framing.readArrived(body);
		}
		catch (IOException | RuntimeException ex) {
			framing.close();
			throw ex;
		}
		if (whole) {
			return of(framing.end());
		}
		return new UnaryRequestBody(null, framing, body, exchange);
	}

	/**
	 * Hands the message to a call that has just started, now or as the rest of the body
	 * arrives, and then half-closes it.
	 * @param call the call
	 */
	void passTo(HttpServerCall<?, ?> call) {
		if (this.message != null) {
			call.receiveMessage(this.message);
			call.receiveHalfClose();
			return;
		}
		// The call may close before the body ends: its deadline passes, the client goes away.
		call.whenClosed(this.rest::close);
		RequestStreamReader.readInto(call, this.body, this.rest, this.exchange);
	}

}
