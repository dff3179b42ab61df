package dev.rpcstarter.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rpcstarter.protocol.Envelope;
import dev.rpcstarter.protocol.SyncFlushGzipOutputStream;
import io.grpc.Metadata;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The REST answer of a method that streams responses, in grpc-gateway's shape: newline-delimited
 * JSON ({@code application/x-ndjson}), a {@code {"result": ...}} line per message (the
 * message, or its {@code response_body} field), and a last {@code {"error": ...}} line with
 * {@code google.rpc.Status} when the call fails after it has started to answer. A call that
 * fails before then is answered as a unary call is, with the HTTP status of its code.
 *
 * <p>REST compresses bodies, not messages: for a client that accepts gzip, when the call's
 * compression compresses anything, the stream is sent with {@code Content-Encoding: gzip} as
 * one gzip stream in which every line can be decompressed as it arrives ({@code curl
 * --compressed}, a browser's {@code fetch}). A line is deflated when the call would compress a
 * message of its size (by default one of 1 KiB or more, every line once the service asks for
 * gzip) and stored as it is otherwise ({@link SyncFlushGzipOutputStream}), so that an open
 * stream holds no deflater. A call that ends before its first line is answered uncompressed:
 * with an empty body, or as a unary error.
 *
 * <p>The service's trailers are not sent once the answer has started: there is no JSON line
 * for them, and HTTP/1.1 clients rarely read HTTP trailers.
 */
final class RestStreamFraming implements StreamFraming {

	static final String CONTENT_TYPE = "application/x-ndjson";

	private static final byte[] RESULT = "{\"result\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ERROR = "{\"error\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LINE_END = { '}', '\n' };

	private final FieldDescriptor responseField;

	private final BiFunction<Status, Metadata, byte[]> errorJson;

	/**
	 * The compressed body, once the headers of a compressed answer are written. Touched only
	 * by the response's writes, which run one at a time.
	 */
	private SyncFlushGzipOutputStream gzip;

	/**
	 * @param responseField the rule's {@code response_body} field, or {@code null}
	 * @param errorJson writes an error with the details in its trailers
	 */
	RestStreamFraming(FieldDescriptor responseField, BiFunction<Status, Metadata, byte[]> errorJson) {
		this.responseField = responseField;
		this.errorJson = errorJson;
	}

	/** @param messageEncoding {@code gzip} when the whole body is compressed, else {@code null} */
	@Override
	public void writeHeaders(HttpServletResponse http, Metadata headers, String messageEncoding) {
		StreamFraming.writeStreamHeaders(http, CONTENT_TYPE, "Content-Encoding", messageEncoding, headers);
	}

	@Override
	public boolean compressesMessages() {
		return false;
	}

	/** The body, or one gzip stream in it whose lines are compressed as messages would be. */
	@Override
	public OutputStream body(HttpServletResponse http, CallCompression compression) throws IOException {
		if (compression.compressesAnyForGzipClients()) {
			// A long line would be deflated for a client that accepts gzip, so the body varies
			// with Accept-Encoding: a cache must not replay it to another client.
			http.addHeader("Vary", "Accept-Encoding");
		}
		if (compression.messageEncoding() == null) {
			return http.getOutputStream();
		}
		this.gzip = new SyncFlushGzipOutputStream(http.getOutputStream(), compression::compresses);
		return this.gzip;
	}

	/** @param message the message's JSON, never compressed on its own */
	@Override
	public byte[] frame(Envelope message) {
		return line(RESULT, RestResponseBody.of(message.payload(), this.responseField));
	}

	@Override
	public void end(HttpServletResponse http, Status status, Metadata trailers, boolean headersWritten)
			throws IOException {
		if (headersWritten) {
			if (!status.isOk()) {
				((this.gzip != null) ? this.gzip : http.getOutputStream())
					.write(line(ERROR, this.errorJson.apply(status, trailers)));
			}
			if (this.gzip != null) {
				this.gzip.finish();
			}
		}
		else if (status.isOk()) {
			writeHeaders(http, new Metadata(), null);
		}
		else {
			UnaryResponse.sendError(http, status, trailers, this.errorJson);
		}
	}

	private static byte[] line(byte[] start, byte[] json) {
		byte[] line = new byte[start.length + json.length + LINE_END.length];
		System.arraycopy(start, 0, line, 0, start.length);
		System.arraycopy(json, 0, line, start.length, json.length);
		System.arraycopy(LINE_END, 0, line, start.length + json.length, LINE_END.length);
		return line;
	}

}
