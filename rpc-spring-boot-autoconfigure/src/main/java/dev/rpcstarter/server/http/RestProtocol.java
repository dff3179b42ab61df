package dev.rpcstarter.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.rpcstarter.protocol.Codec;
import dev.rpcstarter.protocol.Compression;
import dev.rpcstarter.protocol.GrpcTimeout;
import dev.rpcstarter.protocol.MessageCodec;
import dev.rpcstarter.protocol.NonBlockingGzipInputStream;
import dev.rpcstarter.protocol.RestErrorJson;
import dev.rpcstarter.protocol.UrlFields;
import dev.rpcstarter.server.RestRoutes.Match;
import dev.rpcstarter.server.RestRoutes.RestRoute;
import dev.rpcstarter.server.RpcServiceRegistry;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * REST transcoding: a request on a route that a method declares with a {@code google.api.http}
 * option becomes a call of that method. The request message is built from the JSON body (the
 * whole message, or the one field the rule names), then the path variables, which win over the
 * body, then the query parameters, which may name only fields that neither fills. A method that
 * streams requests reads them as a stream of JSON values in the body, newline-delimited JSON
 * for one, gzipped or not ({@link JsonValuesRequestFraming}). A method that answers with one
 * message answers with it as JSON (or the field the rule names), one that streams responses
 * with a line of JSON per message ({@link RestStreamFraming}); an error is
 * {@code google.rpc.Status} as JSON with the HTTP status of its code.
 */
final class RestProtocol {

	private static final JsonFactory JSON = new JsonFactory();

	private static final byte[] EMPTY_OBJECT = { '{', '}' };

	private static final byte[] NOTHING = {};

	private final RpcServiceRegistry registry;

	private final ProtocolSupport support;

	RestProtocol(ProtocolSupport support, RpcServiceRegistry registry) {
		this.support = support;
		this.registry = registry;
	}

	/**
	 * Serves a request on a route.
	 * @param match the route and its path's values
	 * @param request the request
	 * @param response the response
	 * @throws IOException when an error cannot be written
	 */
	<ReqT, RespT> void serve(Match match, HttpServletRequest request, HttpServletResponse response) throws IOException {
		RestRoute route = match.route();
		@SuppressWarnings("unchecked")
		RpcMethod<ReqT, RespT> method = (RpcMethod<ReqT, RespT>) route.method();
		MethodType type = method.definition().getMethodDescriptor().getType();
		if (!route.body().isEmpty() && request.getContentType() != null
				&& !isJson(request.getContentType(), !type.clientSendsOneMessage())) {
			JsonErrorResponses.send(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, errorJson(
					Status.INVALID_ARGUMENT.withDescription("send the request body as application/json"
							+ (type.clientSendsOneMessage() ? "" : " or " + RestStreamFraming.CONTENT_TYPE)),
					new Metadata()));
			return;
		}
		// A call that reads a request stream, or writes a response stream, outlives the request
		// thread; a unary call mostly does not.
		AsyncExchange exchange = (type == MethodType.UNARY) ? AsyncExchange.startOnDemand(request, response)
				: AsyncExchange.start(request);
		CallResponse<RespT> answer = answer(route, method, request, exchange);
		try {
			long timeoutNanos = GrpcTimeout.parseNanos(request.getHeader("grpc-timeout"));
			if (type.clientSendsOneMessage()) {
				MessageCodec<ReqT> requests = requestCodec(method, route, match.pathValues(), request);
				UnaryRequestBody body = route.body().isEmpty() ? UnaryRequestBody.of(NOTHING)
						: UnaryRequestBody.read(request, this.support.maxMessageSize(), exchange);
				HttpServerCall<ReqT, RespT> call = this.support.calls()
					.start(method, requests, timeoutNanos, request, exchange, answer);
				body.passTo(call);
			}
			else {
				checkStreamedBody(request);
				HttpServerCall<ReqT, RespT> call = this.support.calls()
					.start(method, method.codecs().request(Codec.JSON), timeoutNanos, request, exchange, answer);
				readRequestStream(call, request, exchange);
			}
		}
		catch (StatusRuntimeException ex) {
			answer.close(ex.getStatus(), new Metadata());
		}
	}

	/**
	 * Reads the body of a method that streams requests into its call as it arrives, through
	 * gzip when it is compressed. The inflater is freed when the body ends, and otherwise when
	 * the call closes, which it always does: then the reader may be waiting for bytes that
	 * never come (the client went away, the deadline passed, the service answered early).
	 */
	private void readRequestStream(HttpServerCall<?, ?> call, HttpServletRequest request, AsyncExchange exchange)
			throws IOException {
		ServletInputStream body = request.getInputStream();
		NonBlockingGzipInputStream gzip = null;
		if (!Compression.isIdentity(request.getHeader("Content-Encoding"))) {
			gzip = new NonBlockingGzipInputStream(body);
			call.whenClosed(gzip::close);
		}
		RequestStreamReader.readInto(call, body, new JsonValuesRequestFraming(this.support.maxMessageSize(), gzip),
				exchange);
	}

	/**
	 * The answer: the response message as the body, or for a method that streams responses a
	 * line of JSON per message, the whole stream compressed as the call's compression says.
	 */
	private <RespT> CallResponse<RespT> answer(RestRoute route, RpcMethod<?, RespT> method,
			HttpServletRequest request, AsyncExchange exchange) {
		MessageCodec<RespT> json = method.codecs().response(Codec.JSON);
		String acceptEncoding = request.getHeader("Accept-Encoding");
		if (!method.definition().getMethodDescriptor().getType().serverSendsOneMessage()) {
			return new StreamingResponse<>(exchange, json, new RestStreamFraming(route.responseField(), this::errorJson),
					this.support.responseCompression().forCall(acceptEncoding), this.support.heldFlushes(), false);
		}
		return new UnaryResponse<>(exchange, "application/json",
				(message) -> RestResponseBody.of(json.encode(message), route.responseField()), this::errorJson,
				this.support.responseCompression().forCall(acceptEncoding));
	}

	/**
	 * Checks that the body of a client-streaming or bidirectional route can be read: in an
	 * encoding the server reads, as a unary body must be, and without a query, since the body
	 * holds whole messages (start-up made sure that such a route says {@code body: "*"}).
	 */
	private static void checkStreamedBody(HttpServletRequest request) {
		HttpRequests.checkEncoding(request.getHeader("Content-Encoding"));
		refuseQuery(query(request.getQueryString()));
	}

	/** A route whose body is the whole request reads no query: what it said would be lost. */
	private static void refuseQuery(Map<String, List<String>> query) {
		if (!query.isEmpty()) {
			throw Status.INVALID_ARGUMENT.withDescription("this route takes the whole request from its body and "
					+ "reads no query parameters, but got " + String.join(", ", query.keySet()))
				.asRuntimeException();
		}
	}

	private byte[] errorJson(Status status, Metadata trailers) {
		return RestErrorJson.toJson(status, trailers, this.registry.types());
	}

	/**
	 * Whether a request body is JSON, or for a method that streams requests newline-delimited
	 * JSON, in UTF-8.
	 */
	private static boolean isJson(String contentType, boolean streamsRequests) {
		String mediaType = HttpRequests.mediaTypeOf(contentType);
		return (mediaType.equals("application/json")
				|| (streamsRequests && mediaType.equals(RestStreamFraming.CONTENT_TYPE)))
				&& !HttpRequests.declaresOtherCharset(contentType);
	}

	/**
	 * Reads the request message of a call on a route: the body, then the path variables, then
	 * the query parameters, which are checked now, before the body is read. When the URL fills
	 * no field, the body's JSON goes to the method's codec as it is, as in Connect.
	 */
	private <ReqT> MessageCodec<ReqT> requestCodec(RpcMethod<ReqT, ?> method, RestRoute route,
			Map<String, String> pathValues, HttpServletRequest request) {
		Map<String, List<String>> query = query(request.getQueryString());
		if (route.bodyIsRequest()) {
			refuseQuery(query);
		}
		List<QueryValues> queryValues = new ArrayList<>(query.size());
		query.forEach((name, values) -> queryValues.add(new QueryValues(queryParameter(route, name), values)));
		return new RouteRequestCodec<>(route, method.codecs().request(Codec.JSON), pathValues, queryValues);
	}

	/** The body as the JSON of a request message: as sent, or as the value of the field the rule names. */
	private static byte[] bodyJson(RestRoute route, byte[] body) {
		if (route.bodyField() != null) {
			return asField(route.bodyField(), body);
		}
		return isBlank(body) ? EMPTY_OBJECT.clone() : body;
	}

	/**
	 * The request message that holds a body as one field's value. The body must be exactly
	 * one JSON value, so that it cannot spill into other fields.
	 */
	private static byte[] asField(FieldDescriptor field, byte[] body) {
		try (JsonParser parser = JSON.createParser(body)) {
			if (parser.nextToken() == null) {
				return EMPTY_OBJECT.clone();
			}
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw Status.INVALID_ARGUMENT.withDescription("the body holds more than one JSON value").asRuntimeException();
			}
		}
		catch (JsonProcessingException ex) {
			throw Status.INVALID_ARGUMENT.withDescription("the body is not valid JSON: " + ex.getOriginalMessage())
				.asRuntimeException();
		}
		catch (IOException ex) {
			// A parser over bytes in memory has nothing else that can fail.
			throw new UncheckedIOException(ex);
		}
		ByteArrayOutputStream message = new ByteArrayOutputStream(body.length + field.getJsonName().length() + 5);
		message.writeBytes(("{\"" + field.getJsonName() + "\":").getBytes(StandardCharsets.US_ASCII));
		message.writeBytes(body);
		message.write('}');
		return message.toByteArray();
	}

	private static boolean isBlank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	/**
	 * The request field, or map entry, a query parameter fills: any that the path and the body
	 * leave to it.
	 */
	private static UrlFields.Parameter queryParameter(RestRoute route, String name) {
		UrlFields.Parameter parameter;
		try {
			parameter = UrlFields.resolveParameter(route.request().getDescriptorForType(), name);
		}
		catch (IllegalArgumentException ex) {
			throw Status.INVALID_ARGUMENT.withDescription("query parameter " + ex.getMessage()).asRuntimeException();
		}
		if (parameter.fields().get(0).equals(route.bodyField())) {
			throw Status.INVALID_ARGUMENT.withDescription("query parameter " + name + " is a field of the body")
				.asRuntimeException();
		}
		if (route.pathFields().containsValue(parameter.fields())) {
			throw Status.INVALID_ARGUMENT.withDescription("query parameter " + name + " is a field of the path")
				.asRuntimeException();
		}
		return parameter;
	}

	/** The query's parameters, decoded as an HTML form's, each name's values in order. */
	private static Map<String, List<String>> query(String rawQuery) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return parameters;
		}
		try {
			for (String pair : rawQuery.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
				String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
				parameters.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
			}
		}
		catch (IllegalArgumentException ex) {
			throw Status.INVALID_ARGUMENT.withDescription("the query is not validly percent-encoded").asRuntimeException();
		}
		return parameters;
	}

	/**
	 * A query parameter's values, for the request field or map entry it fills.
	 * @param parameter what it fills
	 * @param values its values, in order
	 */
	private record QueryValues(UrlFields.Parameter parameter, List<String> values) {
	}

	/**
	 * Reads a route's request message from the body the call is handed, once it has arrived:
	 * the body's JSON as it is when the URL fills no field; otherwise it is merged with the
	 * URL's values into a message, which is handed over as it is, since encoding it for the call
	 * to parse it back would cost an encoding and a parse per request.
	 * @param route the route
	 * @param json the method's JSON codec for requests
	 * @param pathValues the path variables' values, by field path
	 * @param queryValues the query parameters' values
	 */
	private record RouteRequestCodec<ReqT>(RestRoute route, MessageCodec<ReqT> json, Map<String, String> pathValues,
			List<QueryValues> queryValues) implements MessageCodec<ReqT> {

		@Override
		public ReqT decode(byte[] body) {
			byte[] bodyJson = this.route.body().isEmpty() ? null : bodyJson(this.route, body);
			if (bodyJson != null && this.pathValues.isEmpty() && this.queryValues.isEmpty()) {
				return this.json.decode(bodyJson);
			}
			Message.Builder message = ((bodyJson != null) ? (Message) this.json.decode(bodyJson) : this.route.request())
				.toBuilder();
			this.pathValues.forEach((fieldPath, value) -> UrlFields.set(message,
					this.route.pathFields().get(fieldPath), List.of(value)));
			this.queryValues.forEach((query) -> UrlFields.set(message, query.parameter(), query.values()));
			@SuppressWarnings("unchecked")
			ReqT built = (ReqT) message.build();
			return built;
		}

		@Override
		public byte[] encode(ReqT message) {
			throw new UnsupportedOperationException("a request message is never sent back");
		}

	}

}
