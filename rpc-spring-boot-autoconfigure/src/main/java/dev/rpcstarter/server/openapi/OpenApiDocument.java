package dev.rpcstarter.server.openapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.rpcstarter.protocol.PathTemplate;
import dev.rpcstarter.protocol.UrlFields;
import dev.rpcstarter.server.RestRoutes.RestRoute;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * An OpenAPI 3.1 document of the REST routes that methods declare with
 * {@code google.api.http}: a path per template, an operation per route, its path and query
 * parameters, its request body and its answers, and the JSON Schemas of the messages
 * ({@link JsonSchemas}). It says what the bridge serves, as the bridge reads requests:
 *
 * <ul>
 * <li>each wildcard of a template is a path parameter: one that is a whole variable is named
 * by its field path ({@code /v1/{name}}), the wildcards of a variable that spans segments are
 * numbered after it ({@code /v1/shelves/{name.1}/books/{name.2}}), so that the slashes between
 * them stay in the path;</li>
 * <li>a route whose body is not the whole request takes every other field that text can fill
 * as a query parameter, by its JSON name ({@code filter.titlePrefix}), a map's entries as
 * {@code labels[key]}; a message inside itself is not reached into again;</li>
 * <li>a method that streams responses answers {@code application/x-ndjson}, one
 * {@code {"result": ...}} line per message, one that streams requests reads them the same
 * way; an error is {@code google.rpc.Status} with the HTTP status of its code.</li>
 * </ul>
 *
 * <p>The comments of the .proto files, when {@link ProtoComments} knows them, describe the
 * services (as tags), the operations (a summary of the first sentence, and the whole comment),
 * the parameters and the schemas.
 */
public final class OpenApiDocument {

	private static final JsonNodeFactory json = JsonNodeFactory.instance;

	/** A full stop followed by white space ends a sentence; one inside a name, {@code a.b}, does not. */
	private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s");

	private static final String JSON = "application/json";

	private static final String NDJSON = "application/x-ndjson";

	/** The HTTP methods OpenAPI can describe; a route with another custom method is left out. */
	private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private final ProtoComments comments;

	private final JsonSchemas schemas;

	/** Each route's operation id, given in the order the routes were declared. */
	private final Map<RestRoute, String> operationIds = new IdentityHashMap<>();

	/** How many operations of a method have been named. */
	private final Map<String, Integer> operationsOfMethod = new HashMap<>();

	/** The services whose routes are described, by name, with their comments. */
	private final Map<String, String> tags = new TreeMap<>();

	private OpenApiDocument(ProtoComments comments) {
		this.comments = comments;
		this.schemas = new JsonSchemas(comments);
	}

	/**
	 * Describes routes.
	 * @param routes the routes
	 * @param title the API's title
	 * @param version the API's version
	 * @param comments the comments of the .proto files, for descriptions
	 * @return the document
	 */
	public static ObjectNode of(List<RestRoute> routes, String title, String version, ProtoComments comments) {
		return new OpenApiDocument(comments).describe(routes, title, version);
	}

	private ObjectNode describe(List<RestRoute> routes, String title, String version) {
		ObjectNode document = json.objectNode().put("openapi", "3.1.0");
		document.putObject("info").put("title", title).put("version", version);
		Map<String, ObjectNode> paths = paths(namedOperations(routes));
		ArrayNode tags = json.arrayNode();
		this.tags.forEach((name, comment) -> JsonSchemas.describe(tags.addObject().put("name", name), comment));
		document.set("tags", tags);
		document.putObject("paths").setAll(paths);
		document.putObject("components").putObject("schemas").setAll(this.schemas.components());
		return document;
	}

	/**
	 * The routes OpenAPI can describe, each given its operation id in the order of
	 * declaration, so that a method's rule comes before its additional bindings.
	 */
	private List<RestRoute> namedOperations(List<RestRoute> routes) {
		List<RestRoute> described = new ArrayList<>();
		for (RestRoute route : routes) {
			if (OPERATIONS.contains(route.httpMethod().toLowerCase(Locale.ROOT))) {
				this.operationIds.put(route, operationId(route.method().definition().getMethodDescriptor()));
				described.add(route);
			}
		}
		return described;
	}

	/**
	 * The operations by path. Paths of one shape are one path to OpenAPI, whatever their
	 * parameters are called, so they all take the names of the shortest.
	 */
	private Map<String, ObjectNode> paths(List<RestRoute> routes) {
		Map<RestRoute, Path> pathOf = new IdentityHashMap<>();
		Map<String, Path> shortestOfShape = new HashMap<>();
		for (RestRoute route : routes) {
			Path path = path(route);
			pathOf.put(route, path);
			shortestOfShape.merge(path.shape(), path, Path::shorter);
		}
		List<RestRoute> ordered = new ArrayList<>(routes);
		ordered.sort(Comparator.comparing((RestRoute route) -> route.path().toString())
			.thenComparing(RestRoute::httpMethod));
		Map<String, ObjectNode> paths = new TreeMap<>();
		for (RestRoute route : ordered) {
			Path path = pathOf.get(route).namedAs(shortestOfShape.get(pathOf.get(route).shape()));
			paths.computeIfAbsent(path.text(), (key) -> json.objectNode())
				.set(route.httpMethod().toLowerCase(Locale.ROOT), operation(route, path));
		}
		return paths;
	}

	private ObjectNode operation(RestRoute route, Path path) {
		MethodDescriptor<?, ?> method = route.method().definition().getMethodDescriptor();
		Descriptors.MethodDescriptor proto = protoOf(method);
		ObjectNode operation = json.objectNode();
		operation.put("operationId", this.operationIds.get(route));
		operation.putArray("tags").add(method.getServiceName());
		this.tags.put(method.getServiceName(), this.comments.of(proto.getService()));
		describeOperation(operation, this.comments.of(proto));
		ArrayNode parameters = json.arrayNode();
		parameters.addAll(path.parameters());
		if (!route.bodyIsRequest()) {
			queryParameters(route, route.request().getDescriptorForType(), "", new ArrayList<>(), parameters);
		}
		if (!parameters.isEmpty()) {
			operation.set("parameters", parameters);
		}
		if (!route.body().isEmpty()) {
			ObjectNode body = (route.bodyField() != null) ? this.schemas.field(route.bodyField())
					: this.schemas.message(route.request().getDescriptorForType());
			operation.putObject("requestBody").set("content", content(method.getType().clientSendsOneMessage(), body));
		}
		operation.set("responses", responses(route, method));
		return operation;
	}

	/**
	 * Describes an operation by its method's comment: the first sentence as its summary, the
	 * whole comment as its description when there is more.
	 */
	private static void describeOperation(ObjectNode operation, String comment) {
		if (comment == null) {
			return;
		}
		String summary = firstSentence(comment);
		operation.put("summary", summary);
		if (!summary.equals(oneLine(comment))) {
			operation.put("description", comment);
		}
	}

	/** Up to the first full stop that ends a sentence, or the first paragraph, on one line. */
	private static String firstSentence(String text) {
		String paragraph = text.split("\n\\s*\n", 2)[0];
		Matcher end = SENTENCE_END.matcher(paragraph);
		return oneLine(end.find() ? paragraph.substring(0, end.start() + 1) : paragraph);
	}

	private static String oneLine(String text) {
		return text.replaceAll("\\s*\n\\s*", " ");
	}

	private static Descriptors.MethodDescriptor protoOf(MethodDescriptor<?, ?> method) {
		return ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor()).getMethodDescriptor();
	}

	/** The response message, or the field the rule names, or a line of JSON per message; or an error. */
	private ObjectNode responses(RestRoute route, MethodDescriptor<?, ?> method) {
		Descriptor responseType = protoOf(method).getOutputType();
		ObjectNode answer = (route.responseField() != null) ? this.schemas.field(route.responseField())
				: this.schemas.message(responseType);
		boolean oneAnswer = method.getType().serverSendsOneMessage();
		ObjectNode responses = json.objectNode();
		responses.putObject("200")
			.put("description", oneAnswer ? "the response message" : "a line of JSON per response message")
			.set("content", content(oneAnswer, oneAnswer ? answer : streamLine(answer)));
		responses.putObject("default")
			.put("description", "an error: google.rpc.Status, with the HTTP status of its code")
			.set("content", content(true, status()));
		return responses;
	}

	/** {@code Service_Method}, numbered from the method's second route on, in the order of declaration. */
	private String operationId(MethodDescriptor<?, ?> method) {
		String name = method.getServiceName().substring(method.getServiceName().lastIndexOf('.') + 1) + "_"
				+ method.getBareMethodName();
		int seen = this.operationsOfMethod.merge(name, 1, Integer::sum);
		return (seen == 1) ? name : name + "_" + seen;
	}

	/** A body of one JSON value, or a stream of them, one per line. */
	private static ObjectNode content(boolean one, ObjectNode schema) {
		ObjectNode content = json.objectNode();
		content.putObject(one ? JSON : NDJSON).set("schema", schema);
		return content;
	}

	/** A line of a response stream: a message as its result, or the error that ends it. */
	private ObjectNode streamLine(ObjectNode message) {
		ObjectNode line = json.objectNode().put("type", "object");
		ObjectNode properties = line.putObject("properties");
		properties.set("result", message);
		properties.set("error", status());
		return line;
	}

	private ObjectNode status() {
		return this.schemas.message(com.google.rpc.Status.getDescriptor());
	}

	/** The template as an OpenAPI path, with a parameter per wildcard. */
	private Path path(RestRoute route) {
		StringBuilder text = new StringBuilder();
		ArrayNode parameters = json.arrayNode();
		Map<String, Integer> wildcardsSoFar = new HashMap<>();
		for (PathTemplate.Part part : route.path().parts()) {
			text.append('/');
			if (part.isWildcard()) {
				String name = parameterName(part, wildcardsSoFar);
				text.append('{').append(name).append('}');
				parameters.add(pathParameter(route, part, name));
			}
			else {
				text.append(part.segment());
			}
		}
		if (route.path().verb() != null) {
			text.append(':').append(route.path().verb());
		}
		return new Path(text.toString(), parameters);
	}

	/**
	 * A wildcard's parameter name: the field path of the variable it is the whole of; numbered
	 * after its variable when the variable spans more ({@code name.1}); numbered on its own
	 * outside any variable ({@code _1}).
	 */
	private static String parameterName(PathTemplate.Part part, Map<String, Integer> wildcardsSoFar) {
		if (isWholeVariable(part)) {
			return part.fieldPath();
		}
		// "" cannot be a field path, so the unbound wildcards have a count of their own.
		String variable = (part.fieldPath() != null) ? part.fieldPath() : "";
		int number = wildcardsSoFar.merge(variable, 1, Integer::sum);
		return variable.isEmpty() ? "_" + number : variable + "." + number;
	}

	/** A path parameter: typed as its field when it is a whole variable, else text. */
	private ObjectNode pathParameter(RestRoute route, PathTemplate.Part part, String name) {
		ObjectNode parameter = json.objectNode().put("name", name).put("in", "path").put("required", true);
		if (isWholeVariable(part)) {
			List<FieldDescriptor> fields = route.pathFields().get(part.fieldPath());
			FieldDescriptor field = fields.get(fields.size() - 1);
			parameter.set("schema", this.schemas.single(field));
			JsonSchemas.describe(parameter, this.comments.of(field));
		}
		else {
			parameter.putObject("schema").put("type", "string");
		}
		if (part.isRest()) {
			JsonSchemas.describe(parameter, "The rest of the path, slashes included.");
		}
		else if (part.fieldPath() != null && !isWholeVariable(part)) {
			JsonSchemas.describe(parameter, "A segment of " + part.fieldPath() + ", which the path fills whole.");
		}
		return parameter;
	}

	private static boolean isWholeVariable(PathTemplate.Part part) {
		return part.fieldPath() != null && part.variableLength() == 1;
	}

	/**
	 * Adds a query parameter for every field text can fill that neither the path nor the body
	 * fills, reaching into singular messages.
	 */
	private void queryParameters(RestRoute route, Descriptor type, String prefix, List<FieldDescriptor> trail,
			ArrayNode parameters) {
		for (FieldDescriptor field : type.getFields()) {
			trail.add(field);
			boolean filledElsewhere = (trail.size() == 1 && field.equals(route.bodyField()))
					|| route.pathFields().containsValue(trail);
			if (!filledElsewhere) {
				queryParameters(route, field, prefix + field.getJsonName(), trail, parameters);
			}
			trail.remove(trail.size() - 1);
		}
	}

	/** The query parameters of one field: itself, a map's entries, or the fields of a message. */
	private void queryParameters(RestRoute route, FieldDescriptor field, String name, List<FieldDescriptor> trail,
			ArrayNode parameters) {
		if (field.isMapField()) {
			if (UrlFields.takesText(field.getMessageType().findFieldByName("value"))) {
				queryParameter(parameters, name, field).put("style", "deepObject").put("explode", true);
			}
		}
		else if (UrlFields.takesText(field)) {
			queryParameter(parameters, name, field);
		}
		else if (!field.isRepeated() && !isOnPath(field.getMessageType(), route, trail)) {
			queryParameters(route, field.getMessageType(), name + ".", trail, parameters);
		}
	}

	/**
	 * Whether a message type is the request's or one on the way to a field: a message that
	 * holds itself would give parameters without end, so its fields are left out there.
	 */
	private static boolean isOnPath(Descriptor type, RestRoute route, List<FieldDescriptor> trail) {
		return type.equals(route.request().getDescriptorForType())
				|| trail.stream().anyMatch((field) -> field.getContainingType().equals(type));
	}

	private ObjectNode queryParameter(ArrayNode parameters, String name, FieldDescriptor field) {
		ObjectNode parameter = parameters.addObject().put("name", name).put("in", "query");
		JsonSchemas.describe(parameter, this.comments.of(field));
		parameter.set("schema", this.schemas.field(field));
		return parameter;
	}

	/**
	 * An OpenAPI path and its parameters.
	 * @param text the path, with a {@code {name}} per parameter
	 * @param parameters the path parameters
	 */
	private record Path(String text, ArrayNode parameters) {

		private static final Pattern PARAMETER = Pattern.compile("\\{[^}]*}");

		/** The path without its parameters' names: OpenAPI holds two paths of one shape to be the same. */
		String shape() {
			return PARAMETER.matcher(this.text).replaceAll("{}");
		}

		/** Of two paths of one shape, the one whose names the document uses: the shorter, then the first. */
		static Path shorter(Path one, Path other) {
			int byLength = Integer.compare(one.text.length(), other.text.length());
			return (byLength < 0 || (byLength == 0 && one.text.compareTo(other.text) <= 0)) ? one : other;
		}

		/**
		 * This path as another of the same shape names its parameters ({@code PATCH
		 * /v1/books/{book.name}} as {@code GET /v1/books/{name}} does): a document may hold only
		 * one of them. The bridge matches a request by the template, so only the document's
		 * names change.
		 */
		Path namedAs(Path other) {
			if (other.text.equals(this.text)) {
				return this;
			}
			ArrayNode renamed = this.parameters.deepCopy();
			for (int i = 0; i < renamed.size(); i++) {
				ObjectNode parameter = (ObjectNode) renamed.get(i);
				String ownName = parameter.path("name").asText();
				parameter.put("name", other.parameters.get(i).path("name").asText());
				JsonSchemas.describe(parameter, "This operation's own name for it is " + ownName + ".");
			}
			return new Path(other.text, renamed);
		}

	}

}
