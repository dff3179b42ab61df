package dev.rpcstarter.server.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.Message;

/**
 * A test client for the streaming protocols over HTTP/1.1 or HTTP/2 (h2c): frames the
 * request messages, sends them as one body, and splits the response body back into messages
 * and an outcome.
 */
final class StreamingCall {

	private static final HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

	private final WireVariant wire;

	private final HttpClient.Version version;

	private final URI uri;

	private final Map<String, String> headers;

	StreamingCall(WireVariant wire, HttpClient.Version version, int port, String method, Map<String, String> headers) {
		this.wire = wire;
		this.version = version;
		this.uri = URI.create("http://localhost:" + port + "/rpcstarter.test.v1.TestService/" + method);
		this.headers = headers;
	}

	/** Frames messages as uncompressed envelopes. */
	static byte[] envelopes(WireVariant wire, List<? extends Message> messages) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Message message : messages) {
			body.writeBytes(envelope(0, wire.encode(message)));
		}
		return body.toByteArray();
	}

	static byte[] envelope(int flags, byte[] payload) {
		return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
	}

	Result send(byte[] framedBody) throws IOException, InterruptedException {
		return send("POST", framedBody);
	}

	/** Sends with another HTTP method than the POST that every streaming protocol uses. */
	Result send(String httpMethod, byte[] framedBody) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", this.wire.contentType)
			.method(httpMethod, HttpRequest.BodyPublishers.ofByteArray(this.wire.wrapBody(framedBody)));
		this.headers.forEach(request::header);
		HttpClient client = (this.version == HttpClient.Version.HTTP_2) ? http2 : http1;
		HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		if (response.version() != this.version) {
			throw new IllegalStateException("asked for " + this.version + " but the exchange used " + response.version());
		}
		return new Result(this.wire, response);
	}

	/** What came back: the HTTP response, its messages, and the payload of its last envelope. */
	static final class Result {

		final HttpResponse<byte[]> response;

		final List<byte[]> messages = new ArrayList<>();

		final List<Integer> messageFlags = new ArrayList<>();

		final WireVariant.Outcome outcome;

		Result(WireVariant wire, HttpResponse<byte[]> response) throws IOException {
			this.response = response;
			// Only a 200 response carries a stream; anything else is an HTTP-level refusal.
			byte[] body = (response.statusCode() != 200) ? new byte[0]
					: wire.isText() ? decodeQuanta(response.body()) : response.body();
			DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
			WireVariant.Outcome end = null;
			while (in.available() > 0) {
				int flags = in.readUnsignedByte();
				byte[] payload = in.readNBytes(in.readInt());
				if ((flags & wire.endFlag()) != 0) {
					end = parse(wire, payload);
				}
				else {
					this.messageFlags.add(flags);
					this.messages.add(((flags & 1) != 0) ? new GZIPInputStream(new ByteArrayInputStream(payload)).readAllBytes()
							: payload);
				}
			}
			this.outcome = end;
		}

		<T extends Message> List<T> messages(WireVariant wire, T prototype) throws Exception {
			List<T> decoded = new ArrayList<>();
			for (byte[] message : this.messages) {
				decoded.add(wire.decode(message, prototype));
			}
			return decoded;
		}

		private static WireVariant.Outcome parse(WireVariant wire, byte[] payload) throws IOException {
			try {
				return wire.outcome(payload);
			}
			catch (Exception ex) {
				throw new IOException("bad end of stream: " + new String(payload, StandardCharsets.UTF_8), ex);
			}
		}

		private static byte[] decodeQuanta(byte[] text) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			for (int i = 0; i + 4 <= text.length; i += 4) {
				out.writeBytes(Base64.getDecoder().decode(new String(text, i, 4, StandardCharsets.US_ASCII)));
			}
			return out.toByteArray();
		}

	}

}
