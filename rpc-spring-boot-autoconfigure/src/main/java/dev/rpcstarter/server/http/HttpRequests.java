package dev.rpcstarter.server.http;

import java.io.IOException;
import java.util.Locale;

import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Checks and answers that the protocols share: media types, HTTP methods, the Connect
 * protocol version, message encodings.
 */
final class HttpRequests {

	static final String CONNECT_PROTOCOL_VERSION = "Connect-Protocol-Version";

	static final String CONNECT_TIMEOUT = "Connect-Timeout-Ms";

	/** Every media type the bridge serves, as advertised in {@code Accept-Post}. */
	static final String SERVED_MEDIA_TYPES = "application/proto, application/json, application/connect+proto, "
			+ "application/connect+json, application/grpc, application/grpc+proto, application/grpc+json, "
			+ "application/grpc-web, application/grpc-web+proto, application/grpc-web+json, "
			+ "application/grpc-web-text, application/grpc-web-text+proto";

	private HttpRequests() {
	}

	/**
	 * The media type of a content type: lower case, without parameters.
	 * @param contentType a {@code Content-Type} value, or {@code null}
	 * @return the media type, empty when there is none
	 */
	static String mediaTypeOf(String contentType) {
		if (contentType == null) {
			return "";
		}
		int semicolon = contentType.indexOf(';');
		return ((semicolon < 0) ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether a content type declares a charset other than UTF-8, which no protocol here reads.
	 * @param contentType a {@code Content-Type} value, or {@code null}
	 * @return whether its charset is not UTF-8
	 */
	static boolean declaresOtherCharset(String contentType) {
		if (contentType == null) {
			return false;
		}
		String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
		for (int i = 1; i < parts.length; i++) {
			String[] parameter = parts[i].trim().split("=", 2);
			if (parameter[0].equals("charset") && parameter.length == 2
					&& !parameter[1].replace("\"", "").trim().equals("utf-8")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The codec a media type's subtype names.
	 * @param subtype {@code proto} or {@code json}
	 * @return the codec, or {@code null} for another name
	 */
	static Codec codecOf(String subtype) {
		for (Codec codec : Codec.values()) {
			if (codec.subtype().equals(subtype)) {
				return codec;
			}
		}
		return null;
	}

	/**
	 * Answers a request with a method the protocol does not allow (405).
	 * @param request the request
	 * @param response the response
	 * @param allowed the allowed methods, for the {@code Allow} header
	 * @throws IOException when the answer cannot be written
	 */
	static void rejectMethod(HttpServletRequest request, HttpServletResponse response, String allowed)
			throws IOException {
		response.setHeader("Allow", allowed);
		JsonErrorResponses.sendConnect(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
				Status.UNIMPLEMENTED.withDescription(request.getMethod() + " is not allowed here; use " + allowed));
	}

	/**
	 * Answers a request whose content type does not fit the method (415).
	 * @param method the method
	 * @param request the request
	 * @param response the response
	 * @throws IOException when the answer cannot be written
	 */
	static void rejectContentType(RpcMethod<?, ?> method, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		response.setHeader("Accept-Post", SERVED_MEDIA_TYPES);
		JsonErrorResponses.sendConnect(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
				Status.UNIMPLEMENTED.withDescription("content type " + request.getContentType() + " is not served for "
						+ method.definition().getMethodDescriptor().getType().name().toLowerCase(Locale.ROOT)
						+ " method " + method.definition().getMethodDescriptor().getFullMethodName()));
	}

	/**
	 * Checks the Connect protocol version a client declares, if it declares one.
	 * @param version the header or query parameter value, or {@code null}
	 * @param expected how the supported version is spelled there: {@code 1} in the header,
	 * {@code v1} in a GET request's query
	 * @throws io.grpc.StatusRuntimeException with {@code INVALID_ARGUMENT} for another version
	 */
	static void checkConnectProtocolVersion(String version, String expected) {
		if (version != null && !version.equals(expected)) {
			throw Status.INVALID_ARGUMENT
				.withDescription("connect protocol version must be " + expected + ", got \"" + version + "\"")
				.asRuntimeException();
		}
	}

	/**
	 * Checks that the server can read a request's compression.
	 * @param encoding the declared encoding, or {@code null}
	 * @throws io.grpc.StatusRuntimeException with {@code UNIMPLEMENTED} for an encoding other
	 * than identity and gzip
	 */
	static void checkEncoding(String encoding) {
		if (!Compression.isSupported(encoding)) {
			throw Status.UNIMPLEMENTED
				.withDescription("encoding " + encoding + " is not supported; use " + Compression.ACCEPTED)
				.asRuntimeException();
		}
	}

}
