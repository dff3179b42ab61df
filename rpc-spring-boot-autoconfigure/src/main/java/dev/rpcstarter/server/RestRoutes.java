package dev.rpcstarter.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.rpcstarter.protocol.PathTemplate;
import dev.rpcstarter.protocol.UrlFields;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * The REST routes that served methods declare with {@code google.api.http} options: an HTTP
 * method and a path template each, and how the request and the response map onto bodies,
 * path and query. They are read once, at start-up; a rule that cannot be served fails
 * start-up with a message that names its method.
 */
public final class RestRoutes {

	static final RestRoutes NONE = new RestRoutes(Map.of(), List.of());

	private static final ExtensionRegistry HTTP_OPTION = ExtensionRegistry.newInstance();

	static {
		AnnotationsProto.registerAllExtensions(HTTP_OPTION);
	}

	/** The most specific template first (more literal segments), then in declaration order. */
	private final Map<String, List<RestRoute>> byHttpMethod;

	/** Every route, a method's rule before its additional bindings. */
	private final List<RestRoute> declared;

	private RestRoutes(Map<String, List<RestRoute>> byHttpMethod, List<RestRoute> declared) {
		this.byHttpMethod = byHttpMethod;
		this.declared = declared;
	}

	/**
	 * Reads the routes of methods.
	 * @param methods the served methods
	 * @return their routes
	 * @throws IllegalStateException when a rule cannot be served, or two rules claim the same
	 * paths
	 */
	static RestRoutes of(Collection<RpcMethod<?, ?>> methods) {
		Map<String, List<RestRoute>> routes = new HashMap<>();
		List<RestRoute> declared = new ArrayList<>();
		Map<String, RestRoute> byShape = new HashMap<>();
		for (RpcMethod<?, ?> method : methods) {
			HttpRule rule = httpRule(method.definition().getMethodDescriptor());
			if (rule == null) {
				continue;
			}
			for (HttpRule binding : bindings(method, rule)) {
				RestRoute route = RestRoute.of(method, binding);
				RestRoute clash = byShape.putIfAbsent(route.httpMethod() + " " + route.path().shape(), route);
				if (clash != null) {
					throw new IllegalStateException("google.api.http of " + nameOf(method) + ": " + route.httpMethod()
							+ " " + route.path() + " matches the same paths as " + clash.path() + " of "
							+ nameOf(clash.method()));
				}
				routes.computeIfAbsent(route.httpMethod(), (key) -> new ArrayList<>()).add(route);
				declared.add(route);
			}
		}
		Map<String, List<RestRoute>> sorted = new HashMap<>();
		routes.forEach((httpMethod, list) -> {
			list.sort(Comparator.comparingInt((RestRoute route) -> route.path().literalCount()).reversed());
			sorted.put(httpMethod, List.copyOf(list));
		});
		return new RestRoutes(Map.copyOf(sorted), List.copyOf(declared));
	}

	/**
	 * The method's {@code google.api.http} option, or {@code null}. Read again from the
	 * option's bytes when the generated code was built without the extension known.
	 */
	private static HttpRule httpRule(MethodDescriptor<?, ?> method) {
		if (!(method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
			return null;
		}
		MethodOptions options = supplier.getMethodDescriptor().getOptions();
		if (!options.hasExtension(AnnotationsProto.http)) {
			try {
				options = MethodOptions.parseFrom(options.toByteString(), HTTP_OPTION);
			}
			catch (InvalidProtocolBufferException ex) {
				throw new IllegalStateException("the options of " + method.getFullMethodName() + " cannot be read", ex);
			}
		}
		return options.hasExtension(AnnotationsProto.http) ? options.getExtension(AnnotationsProto.http) : null;
	}

	private static List<HttpRule> bindings(RpcMethod<?, ?> method, HttpRule rule) {
		List<HttpRule> bindings = new ArrayList<>();
		bindings.add(rule);
		for (HttpRule additional : rule.getAdditionalBindingsList()) {
			if (additional.getAdditionalBindingsCount() > 0) {
				throw new IllegalStateException("google.api.http of " + nameOf(method)
						+ ": an additional binding may not have additional bindings of its own");
			}
			bindings.add(additional);
		}
		return bindings;
	}

	private static String nameOf(RpcMethod<?, ?> method) {
		return method.definition().getMethodDescriptor().getFullMethodName();
	}

	/**
	 * Every route.
	 * @return the routes, a method's rule before its additional bindings
	 */
	public List<RestRoute> all() {
		return this.declared;
	}

	/**
	 * Finds the route of a request.
	 * @param httpMethod the request's HTTP method
	 * @param rawPath its path as sent, percent-encoded, without the query
	 * @return the route and the values of its path variables, or {@code null}
	 */
	public Match find(String httpMethod, String rawPath) {
		List<RestRoute> routes = this.byHttpMethod.get(httpMethod);
		PathTemplate.RequestPath path = (routes != null) ? PathTemplate.RequestPath.of(rawPath) : null;
		if (path == null) {
			return null;
		}
		for (RestRoute route : routes) {
			Map<String, String> values = route.path().match(path);
			if (values != null) {
				return new Match(route, values);
			}
		}
		return null;
	}

	/**
	 * A request's route.
	 * @param route the route
	 * @param pathValues the values of its path variables, by field path, percent-decoded
	 */
	public record Match(RestRoute route, Map<String, String> pathValues) {
	}

	/**
	 * One route: an HTTP method and path that call an RPC method.
	 *
	 * @param httpMethod {@code GET}, {@code POST} and so on, or a custom method's name
	 * @param path the path template
	 * @param method the RPC method it calls
	 * @param request the request type's default instance
	 * @param pathFields the request fields that the path variables fill, by field path
	 * @param body {@code *} when the request body is the whole request message, a field name
	 * when it is that field of it, empty when the request has no body
	 * @param bodyField the field the request body fills, or {@code null}
	 * @param responseField the response field whose value is the response body, or
	 * {@code null} for the whole response message
	 */
	public record RestRoute(String httpMethod, PathTemplate path, RpcMethod<?, ?> method, Message request,
			Map<String, List<FieldDescriptor>> pathFields, String body, FieldDescriptor bodyField,
			FieldDescriptor responseField) {

		/**
		 * Whether the request body is the whole request message, so that the query is not read.
		 * @return whether the body is {@code *}
		 */
		public boolean bodyIsRequest() {
			return "*".equals(this.body);
		}

		static RestRoute of(RpcMethod<?, ?> method, HttpRule rule) {
			MethodDescriptor<?, ?> descriptor = method.definition().getMethodDescriptor();
			try {
				Message request = prototype(descriptor.getRequestMarshaller());
				Message response = prototype(descriptor.getResponseMarshaller());
				PathTemplate path = PathTemplate.parse(pathOf(rule));
				Map<String, List<FieldDescriptor>> pathFields = new LinkedHashMap<>();
				for (String fieldPath : path.fieldPaths()) {
					pathFields.put(fieldPath, UrlFields.resolve(request.getDescriptorForType(), fieldPath));
				}
				String body = rule.getBody();
				FieldDescriptor bodyField = (body.isEmpty() || body.equals("*")) ? null
						: topLevelField(request.getDescriptorForType(), body, "body");
				String responseBody = rule.getResponseBody();
				FieldDescriptor responseField = responseBody.isEmpty() ? null
						: topLevelField(response.getDescriptorForType(), responseBody, "response_body");
				if (!descriptor.getType().clientSendsOneMessage()) {
					checkStreamsRequests(body, pathFields);
				}
				return new RestRoute(httpMethodOf(rule), path, method, request, Map.copyOf(pathFields), body, bodyField,
						responseField);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("google.api.http of " + descriptor.getFullMethodName() + ": "
						+ ex.getMessage(), ex);
			}
		}

		/**
		 * A client-streaming or bidirectional method's body is a stream of whole request
		 * messages, and its URL fills no field: the stream's messages could not all take it.
		 */
		private static void checkStreamsRequests(String body, Map<String, List<FieldDescriptor>> pathFields) {
			if (!"*".equals(body)) {
				throw new IllegalArgumentException("a method that streams requests takes them whole from the body; "
						+ "declare body: \"*\"");
			}
			if (!pathFields.isEmpty()) {
				throw new IllegalArgumentException("a method that streams requests takes them whole from the body, "
						+ "but the path fills " + String.join(", ", pathFields.keySet()));
			}
		}

		private static Message prototype(MethodDescriptor.Marshaller<?> marshaller) {
			if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> prototypes
					&& prototypes.getMessagePrototype() instanceof Message message) {
				return message;
			}
			throw new IllegalArgumentException("REST needs protobuf messages with descriptors");
		}

		private static String pathOf(HttpRule rule) {
			return switch (rule.getPatternCase()) {
				case GET -> rule.getGet();
				case PUT -> rule.getPut();
				case POST -> rule.getPost();
				case DELETE -> rule.getDelete();
				case PATCH -> rule.getPatch();
				case CUSTOM -> rule.getCustom().getPath();
				case PATTERN_NOT_SET -> throw new IllegalArgumentException("the rule names no HTTP method and path");
			};
		}

		private static String httpMethodOf(HttpRule rule) {
			return (rule.getPatternCase() == HttpRule.PatternCase.CUSTOM) ? rule.getCustom().getKind()
					: rule.getPatternCase().name();
		}

		private static FieldDescriptor topLevelField(Descriptor type, String name, String option) {
			FieldDescriptor field = type.findFieldByName(name);
			if (field == null) {
				throw new IllegalArgumentException(option + " names " + name + ", which is not a field of "
						+ type.getFullName());
			}
			return field;
		}

	}

}
