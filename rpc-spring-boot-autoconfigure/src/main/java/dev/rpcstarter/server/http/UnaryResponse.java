package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectCodes;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.HeaderMetadata;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The response to a call whose protocol answers with one body, Connect unary and REST: the
 * message as the whole body, headers as HTTP headers, trailers as {@code trailer-}-prefixed
 * headers, and an error as the protocol's error JSON with the HTTP status of its code.
 *
 * <p>Nothing is written before the call closes, because until then the outcome, and with it
 * the HTTP status, is unknown.
 */
final class UnaryResponse<RespT> implements CallResponse<RespT> {

	private static final Log logger = LogFactory.getLog(UnaryResponse.class);

	private static final String TRAILER_PREFIX = "trailer-";

	private final AsyncExchange exchange;

	private final HttpServletResponse http;

	private final String contentType;

	private final Function<RespT, byte[]> messageBody;

	private final BiFunction<Status, Metadata, byte[]> errorJson;

	private final CallCompression compression;

	private volatile Metadata headers = new Metadata();

	private volatile byte[] body;

	/**
	 * @param exchange the request and its response
	 * @param contentType the content type of a message body
	 * @param messageBody writes the response message as the body
	 * @param errorJson writes an error with the details in its trailers as the body
	 * @param compression the compression of the message body
	 */
	UnaryResponse(AsyncExchange exchange, String contentType, Function<RespT, byte[]> messageBody,
			BiFunction<Status, Metadata, byte[]> errorJson, CallCompression compression) {
		this.exchange = exchange;
		this.http = exchange.response();
		this.contentType = contentType;
		this.messageBody = messageBody;
		this.errorJson = errorJson;
		this.compression = compression;
	}

	@Override
	public CallCompression compression() {
		return this.compression;
	}

	@Override
	public void sendHeaders(Metadata headers) {
		this.headers = headers;
	}

	@Override
	public void sendMessage(RespT message) {
		if (this.body != null) {
			throw new IllegalStateException("a unary call sends exactly one response message");
		}
		this.body = this.messageBody.apply(message);
	}

	@Override
	public void close(Status status, Metadata trailers) {
		try {
			this.exchange.write(() -> write(status, trailers));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not write the response; the client has probably gone away", ex);
		}
		finally {
			this.exchange.complete();
		}
	}

	@Override
	public boolean isReady() {
		return true;
	}

	private void write(Status status, Metadata trailers) throws IOException {
		if (status.isOk() && this.body == null) {
			// gRPC clients fail such a call too; say so rather than send an empty message.
			writeError(Status.INTERNAL.withDescription("the method completed without a response"), trailers);
		}
		else if (status.isOk()) {
			writeMessage(trailers);
		}
		else {
			writeError(status, trailers);
		}
	}

	private void writeMessage(Metadata trailers) throws IOException {
		byte[] bytes = this.body;
		this.http.setStatus(HttpServletResponse.SC_OK);
		this.http.setContentType(this.contentType);
		writeHeaders(trailers);
		if (this.compression.compressesForGzipClients(bytes.length)) {
			// A cache must not hand this body to a client that sent another Accept-Encoding.
			this.http.addHeader("Vary", "Accept-Encoding");
		}
		if (this.compression.compresses(bytes.length)) {
			bytes = Compression.gzip(bytes);
			this.http.setHeader("Content-Encoding", "gzip");
		}
		writeBody(bytes);
	}

	private void writeError(Status status, Metadata trailers) throws IOException {
		HeaderMetadata.forEachHeader(this.headers, "", this.http::addHeader);
		sendError(this.http, status, trailers, this.errorJson);
	}

	private void writeHeaders(Metadata trailers) {
		HeaderMetadata.forEachHeader(this.headers, "", this.http::addHeader);
		addTrailerHeaders(this.http, trailers);
	}

	/**
	 * Answers a call with its error: the trailers as headers, the error JSON as the body, the
	 * HTTP status of its code.
	 * @param http the response, not yet committed
	 * @param status the error
	 * @param trailers the service's trailers
	 * @param errorJson writes the error with the details in the trailers
	 * @throws IOException when the response cannot be written
	 */
	static void sendError(HttpServletResponse http, Status status, Metadata trailers,
			BiFunction<Status, Metadata, byte[]> errorJson) throws IOException {
		// Rendered first: the error JSON takes its details from the trailers.
		byte[] json = errorJson.apply(status, trailers);
		addTrailerHeaders(http, trailers);
		JsonErrorResponses.send(http, ConnectCodes.httpStatus(status.getCode()), json);
	}

	private static void addTrailerHeaders(HttpServletResponse http, Metadata trailers) {
		// Details travel inside the error JSON, not as a header.
		trailers.discardAll(ConnectErrorJson.STATUS_DETAILS_KEY);
		HeaderMetadata.forEachHeader(trailers, TRAILER_PREFIX, http::addHeader);
	}

	private void writeBody(byte[] bytes) throws IOException {
		this.http.setContentLength(bytes.length);
		this.http.getOutputStream().write(bytes);
	}

}
