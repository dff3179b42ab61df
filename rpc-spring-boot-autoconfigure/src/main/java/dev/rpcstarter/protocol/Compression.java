package dev.rpcstarter.protocol;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The message compressions the HTTP protocols support: {@code identity} and {@code gzip}.
 */
public final class Compression {

	/** The encoding names this server accepts, as advertised in {@code Accept-Encoding}. */
	public static final String ACCEPTED = "gzip";

	private Compression() {
	}

	/**
	 * Whether an encoding name is one this server reads.
	 * @param encoding a {@code Content-Encoding} value, or {@code null}
	 * @return whether bodies in it can be read
	 */
	public static boolean isSupported(String encoding) {
		return isIdentity(encoding) || isGzip(encoding);
	}

	/**
	 * Whether a body in this encoding is sent as is.
	 * @param encoding a {@code Content-Encoding} value, or {@code null}
	 * @return whether it means no compression
	 */
	public static boolean isIdentity(String encoding) {
		return encoding == null || encoding.isEmpty() || "identity".equalsIgnoreCase(encoding.trim());
	}

	private static boolean isGzip(String encoding) {
		return encoding != null && "gzip".equalsIgnoreCase(encoding.trim());
	}

	/**
	 * Whether an {@code Accept-Encoding} header lets the server answer in gzip.
	 * @param acceptEncoding the header's value, or {@code null}
	 * @return whether gzip is acceptable
	 */
	public static boolean acceptsGzip(String acceptEncoding) {
		if (acceptEncoding == null) {
			return false;
		}
		for (String token : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
			String[] nameAndParameters = token.split(";");
			if (nameAndParameters[0].trim().equals("gzip")) {
				return !refused(nameAndParameters);
			}
		}
		return false;
	}

	/** Whether an encoding's parameters give it a weight of zero ({@code q=0}, {@code q=0.000}). */
	private static boolean refused(String[] nameAndParameters) {
		for (int i = 1; i < nameAndParameters.length; i++) {
			String parameter = nameAndParameters[i].replace(" ", "");
			if (parameter.startsWith("q=")) {
				return parameter.substring(2).matches("0(\\.0*)?");
			}
		}
		return false;
	}

	/**
	 * Reads a body on to its end, decompressing it, without ever holding more than the limit.
	 * @param body the body as received
	 * @param encoding its {@code Content-Encoding}, which must be {@linkplain #isSupported supported}
	 * @param maxBytes the largest message, after decompression, that may be read
	 * @return the message bytes
	 * @throws io.grpc.StatusRuntimeException {@code RESOURCE_EXHAUSTED} when the message is
	 * larger than the limit, {@code INVALID_ARGUMENT} when gzip data is corrupt or followed by
	 * more bytes
	 * @throws IOException when the body cannot be read
	 */
	public static byte[] readMessage(InputStream body, String encoding, int maxBytes) throws IOException {
		if (isIdentity(encoding)) {
			return readAtMost(body, maxBytes);
		}
		try (InputStream gzip = new GZIPInputStream(body)) {
			byte[] message = readAtMost(gzip, maxBytes);
			// The gzip data ends before the body does as far as the transport knows: its end
			// (HTTP/2's END_STREAM) is still to be read. Closing first makes OkHttp reset the
			// stream, and Tomcat answers a reset of a stream it has already forgotten by closing
			// the connection, failing every other call on it.
			if (body.read() != -1) {
				throw new ZipException("the body goes on after its gzip data");
			}
			return message;
		}
		catch (ZipException | EOFException ex) {
			throw notGzip(ex.getMessage());
		}
	}

	/**
	 * Reads an uncompressed body whose length is declared and within the limit, into one array
	 * of that size: {@code readNBytes(maxBytes + 1)} would gather it in 8 KB chunks and copy them.
	 * @param body the body
	 * @param contentLength its declared length, at most the limit
	 * @return the message bytes, fewer than declared if the body ends early
	 * @throws IOException when the body cannot be read
	 */
	public static byte[] readDeclaredLength(InputStream body, int contentLength) throws IOException {
		byte[] bytes = new byte[contentLength];
		int read = body.readNBytes(bytes, 0, contentLength);
		return (read == contentLength) ? bytes : Arrays.copyOf(bytes, read);
	}

	private static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
		// Read one byte past the limit: that is how an oversized message is told apart from one
		// of exactly the limit, without buffering the rest of it.
		byte[] bytes = in.readNBytes(maxBytes + 1);
		if (bytes.length > maxBytes) {
			throw tooLarge(maxBytes);
		}
		return bytes;
	}

	/**
	 * The error for a message over the size limit.
	 * @param maxBytes the limit
	 * @return a {@code RESOURCE_EXHAUSTED} exception
	 */
	public static StatusRuntimeException tooLarge(int maxBytes) {
		return Status.RESOURCE_EXHAUSTED.withDescription("message is larger than the limit of " + maxBytes + " bytes")
			.asRuntimeException();
	}

	/**
	 * The error for a body that is not valid gzip.
	 * @param reason what is wrong with it
	 * @return an {@code INVALID_ARGUMENT} exception
	 */
	static StatusRuntimeException notGzip(String reason) {
		return Status.INVALID_ARGUMENT.withDescription("request body is not valid gzip: " + reason).asRuntimeException();
	}

	/**
	 * Compresses a message with gzip.
	 * @param bytes the message
	 * @return the compressed bytes
	 */
	public static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 32);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
