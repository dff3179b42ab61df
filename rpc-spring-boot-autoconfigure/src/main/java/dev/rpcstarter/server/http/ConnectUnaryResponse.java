package dev.rpcstarter.server.http;

import java.io.IOException;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.ConnectCodes;
import dev.rpcstarter.protocol.ConnectErrorJson;
import dev.rpcstarter.protocol.HeaderMetadata;
import dev.rpcstarter.protocol.MessageCodec;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The response to a Connect unary call: the message as the whole body, headers as HTTP
 * headers, trailers as {@code trailer-}-prefixed headers, and an error as error JSON with the
 * HTTP status of its code.
 *
 * <p>Nothing is written before the call closes, because until then the outcome, and with it
 * the HTTP status, is unknown.
 */
final class ConnectUnaryResponse<RespT> implements CallResponse<RespT> {

	private static final Log logger = LogFactory.getLog(ConnectUnaryResponse.class);

	private static final String TRAILER_PREFIX = "trailer-";

	private final AsyncExchange exchange;

	private final HttpServletResponse http;

	private final MessageCodec<RespT> codec;

	private final Codec format;

	private final CallCompression compression;

	private volatile Metadata headers = new Metadata();

	private volatile byte[] body;

	ConnectUnaryResponse(AsyncExchange exchange, MessageCodec<RespT> codec, Codec format,
			CallCompression compression) {
		this.exchange = exchange;
		this.http = exchange.response();
		this.codec = codec;
		this.format = format;
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
		this.body = this.codec.encode(message);
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
		this.http.setContentType("application/" + this.format.subtype());
		writeHeaders(trailers);
		if (this.compression.compresses(bytes.length)) {
			bytes = Compression.gzip(bytes);
			this.http.setHeader("Content-Encoding", "gzip");
		}
		writeBody(bytes);
	}

	private void writeError(Status status, Metadata trailers) throws IOException {
		// Rendered first: the error JSON takes its details from the trailers.
		byte[] json = ConnectErrorJson.toJson(status, trailers);
		writeHeaders(trailers);
		ConnectErrors.send(this.http, ConnectCodes.httpStatus(status.getCode()), json);
	}

	private void writeHeaders(Metadata trailers) {
		HeaderMetadata.forEachHeader(this.headers, "", this.http::addHeader);
		// Details travel inside the error JSON, not as a header.
		trailers.discardAll(ConnectErrorJson.STATUS_DETAILS_KEY);
		HeaderMetadata.forEachHeader(trailers, TRAILER_PREFIX, this.http::addHeader);
	}

	private void writeBody(byte[] bytes) throws IOException {
		this.http.setContentLength(bytes.length);
		this.http.getOutputStream().write(bytes);
	}

}
