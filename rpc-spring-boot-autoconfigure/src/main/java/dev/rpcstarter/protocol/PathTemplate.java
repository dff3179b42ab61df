package dev.rpcstarter.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The URL path of a {@code google.api.http} rule, such as
 * {@code /v1/{name=shelves/*}/books/{book_id}:archive}: literal segments, {@code *} for one
 * segment, {@code **} for any number of them (only at the end), variables that bind what
 * their segments match to a request field, and an optional custom verb after a colon.
 *
 * <p>A variable without a pattern ({@code {book_id}}) matches one segment. Its value is
 * percent-decoded; a variable of several segments keeps its slashes, and {@code %2F} within
 * a segment stays encoded, so that the value still says where the segments were.
 */
public final class PathTemplate {

	private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	/** {@code *}: exactly one non-empty segment. */
	private static final String ONE = "*";

	/** {@code **}: the rest of the path, any number of segments. */
	private static final String REST = "**";

	private final String text;

	/** Literal segments, {@link #ONE} and {@link #REST}, variables flattened into them. */
	private final List<String> segments;

	private final List<Variable> variables;

	private final String verb;

	/** {@code :} and the verb, as the last segment of a matching path ends. */
	private final String verbSuffix;

	private PathTemplate(String text, List<String> segments, List<Variable> variables, String verb) {
		this.text = text;
		this.segments = segments;
		this.variables = variables;
		this.verb = verb;
		this.verbSuffix = (verb != null) ? ":" + verb : null;
	}

	/**
	 * Reads a template.
	 * @param template the template as the rule writes it
	 * @return the template
	 * @throws IllegalArgumentException when it is not a valid template, saying why
	 */
	public static PathTemplate parse(String template) {
		if (!template.startsWith("/")) {
			throw invalid(template, "it must start with /");
		}
		int verbStart = verbStart(template);
		String path = (verbStart < 0) ? template.substring(1) : template.substring(1, verbStart);
		String verb = (verbStart < 0) ? null : template.substring(verbStart + 1);
		if (verb != null && (verb.isEmpty() || !isLiteral(verb))) {
			throw invalid(template, "its custom verb must be a literal");
		}
		List<String> segments = new ArrayList<>();
		List<Variable> variables = new ArrayList<>();
		for (String part : splitOutsideBraces(template, path)) {
			if (part.startsWith("{")) {
				variables.add(variable(template, part, segments));
			}
			else {
				segments.add(segment(template, part));
			}
		}
		int rest = segments.indexOf(REST);
		if (rest >= 0 && rest != segments.size() - 1) {
			throw invalid(template, "** may only be its last segment");
		}
		if (variables.stream().map(Variable::fieldPath).distinct().count() != variables.size()) {
			throw invalid(template, "it binds a field twice");
		}
		return new PathTemplate(template, List.copyOf(segments), List.copyOf(variables), verb);
	}

	/** Where the custom verb's colon is: the last one outside braces, after the last slash. */
	private static int verbStart(String template) {
		int depth = 0;
		int colon = -1;
		for (int i = 0; i < template.length(); i++) {
			char c = template.charAt(i);
			if (c == '{') {
				depth++;
			}
			else if (c == '}') {
				depth--;
			}
			else if (c == ':' && depth == 0) {
				colon = i;
			}
			else if (c == '/' && depth == 0) {
				colon = -1;
			}
		}
		return colon;
	}

	private static List<String> splitOutsideBraces(String template, String path) {
		List<String> parts = new ArrayList<>();
		int depth = 0;
		int start = 0;
		for (int i = 0; i <= path.length(); i++) {
			char c = (i < path.length()) ? path.charAt(i) : '/';
			if (c == '{' && depth++ > 0 || c == '}' && --depth < 0) {
				throw invalid(template, "its braces do not pair up");
			}
			if (c == '/' && depth == 0) {
				parts.add(path.substring(start, i));
				start = i + 1;
			}
		}
		if (depth != 0) {
			throw invalid(template, "its braces do not pair up");
		}
		return parts;
	}

	/** Reads {@code {field.path=segments}} and adds its segments to the template's. */
	private static Variable variable(String template, String part, List<String> segments) {
		if (!part.endsWith("}")) {
			throw invalid(template, "a variable must be a whole segment: " + part);
		}
		String inside = part.substring(1, part.length() - 1);
		int equals = inside.indexOf('=');
		String fieldPath = (equals < 0) ? inside : inside.substring(0, equals);
		if (!FIELD_PATH.matcher(fieldPath).matches()) {
			throw invalid(template, "\"" + fieldPath + "\" is not a field path");
		}
		int first = segments.size();
		if (equals < 0) {
			segments.add(ONE);
		}
		else {
			for (String inner : inside.substring(equals + 1).split("/", -1)) {
				segments.add(segment(template, inner));
			}
		}
		return new Variable(fieldPath, first, segments.size());
	}

	private static String segment(String template, String part) {
		if (part.equals(ONE) || part.equals(REST) || (!part.isEmpty() && isLiteral(part))) {
			return part;
		}
		throw invalid(template, "\"" + part + "\" is not a segment (a literal, * or **)");
	}

	private static boolean isLiteral(String part) {
		return part.chars().noneMatch((c) -> c == '*' || c == '{' || c == '}' || c == '/' || c == ':' || c == '=');
	}

	private static IllegalArgumentException invalid(String template, String why) {
		return new IllegalArgumentException("invalid path template \"" + template + "\": " + why);
	}

	/**
	 * Matches a request's path.
	 * @param path the request's path, split into segments
	 * @return the value of each variable by field path, or {@code null} when the path does
	 * not match
	 */
	public Map<String, String> match(RequestPath path) {
		String[] parts = path.segments;
		if (this.verb != null) {
			String last = parts[parts.length - 1];
			if (!last.endsWith(this.verbSuffix)) {
				return null;
			}
			parts = parts.clone();
			parts[parts.length - 1] = last.substring(0, last.length() - this.verbSuffix.length());
		}
		if (!matchesSegments(parts)) {
			return null;
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (Variable variable : this.variables) {
			int end = this.segments.get(variable.end() - 1).equals(REST) ? parts.length : variable.end();
			String value = (end - variable.start() == 1 && !this.segments.get(variable.start()).equals(REST))
					? decode(parts[variable.start()], true)
					: joinDecoded(parts, variable.start(), end);
			if (value == null) {
				return null;
			}
			values.put(variable.fieldPath(), value);
		}
		return values;
	}

	private boolean matchesSegments(String[] parts) {
		int count = this.segments.size();
		boolean endsWithRest = this.segments.get(count - 1).equals(REST);
		if (endsWithRest ? parts.length < count - 1 : parts.length != count) {
			return false;
		}
		for (int i = 0; i < count && i < parts.length; i++) {
			String segment = this.segments.get(i);
			if (segment.equals(REST)) {
				return true;
			}
			if (segment.equals(ONE) ? parts[i].isEmpty() : !segment.equals(decode(parts[i], false))) {
				return false;
			}
		}
		return true;
	}

	private static String joinDecoded(String[] parts, int from, int to) {
		StringBuilder value = new StringBuilder();
		for (int i = from; i < to; i++) {
			String part = decode(parts[i], false);
			if (part == null) {
				return null;
			}
			value.append((i > from) ? "/" : "").append(part);
		}
		return value.toString();
	}

	/**
	 * Percent-decodes one segment as UTF-8.
	 * @param all whether {@code %2F} is decoded too, into a slash
	 * @return the segment, or {@code null} when its escapes are malformed
	 */
	private static String decode(String segment, boolean all) {
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c != '%') {
				// Servlet containers give an undecoded path's bytes one char each.
				bytes.write(c);
				continue;
			}
			if (i + 2 >= segment.length()) {
				return null;
			}
			int high = Character.digit(segment.charAt(i + 1), 16);
			int low = Character.digit(segment.charAt(i + 2), 16);
			if (high < 0 || low < 0) {
				return null;
			}
			int decoded = high * 16 + low;
			if (decoded == '/' && !all) {
				bytes.writeBytes(segment.substring(i, i + 3).getBytes(StandardCharsets.US_ASCII));
			}
			else {
				bytes.write(decoded);
			}
			i += 2;
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	/**
	 * The field paths its variables bind, in order.
	 * @return the field paths
	 */
	public List<String> fieldPaths() {
		return this.variables.stream().map(Variable::fieldPath).toList();
	}

	/**
	 * How many of its segments are literals: of two templates that match a path, the one with
	 * more is the more specific.
	 * @return the number of literal segments, the verb counted as one
	 */
	public int literalCount() {
		int literals = (int) this.segments.stream().filter((s) -> !s.equals(ONE) && !s.equals(REST)).count();
		return literals + ((this.verb != null) ? 1 : 0);
	}

	/**
	 * The template with its variables' names left out, so that two templates that match the
	 * same paths have the same shape.
	 * @return for example {@code /v1/shelves/*:archive}
	 */
	public String shape() {
		return "/" + String.join("/", this.segments) + ((this.verb != null) ? ":" + this.verb : "");
	}

	/**
	 * The template's segments in order, each with the variable it belongs to, for those that
	 * describe the template to others (an OpenAPI document).
	 * @return the segments
	 */
	public List<Part> parts() {
		List<Part> parts = new ArrayList<>(this.segments.size());
		for (int i = 0; i < this.segments.size(); i++) {
			Variable owner = null;
			for (Variable variable : this.variables) {
				if (i >= variable.start() && i < variable.end()) {
					owner = variable;
				}
			}
			parts.add((owner != null) ? new Part(this.segments.get(i), owner.fieldPath(), owner.end() - owner.start())
					: new Part(this.segments.get(i), null, 0));
		}
		return parts;
	}

	/**
	 * The custom verb.
	 * @return the verb after the last segment's colon, or {@code null}
	 */
	public String verb() {
		return this.verb;
	}

	@Override
	public String toString() {
		return this.text;
	}

	/**
	 * A segment of a template.
	 * @param segment a literal, {@code *} (one segment) or {@code **} (the rest of the path)
	 * @param fieldPath the field path of the variable the segment belongs to, or {@code null}
	 * @param variableLength how many segments that variable spans
	 */
	public record Part(String segment, String fieldPath, int variableLength) {

		/**
		 * Whether the segment matches any value rather than itself.
		 * @return whether it is {@code *} or {@code **}
		 */
		public boolean isWildcard() {
			return this.segment.equals(ONE) || this.segment.equals(REST);
		}

		/**
		 * Whether the segment matches the rest of the path, slashes included.
		 * @return whether it is {@code **}
		 */
		public boolean isRest() {
			return this.segment.equals(REST);
		}

	}

	/**
	 * A request's path, split into its segments once, so that it is matched against every
	 * template without being split again for each.
	 */
	public static final class RequestPath {

		/** The segments, still percent-encoded. */
		private final String[] segments;

		private RequestPath(String[] segments) {
			this.segments = segments;
		}

		/**
		 * Splits a path.
		 * @param rawPath the path as sent, still percent-encoded, without the query
		 * @return the path, or {@code null} when it does not start with a slash (no template
		 * matches it)
		 */
		public static RequestPath of(String rawPath) {
			return rawPath.startsWith("/") ? new RequestPath(rawPath.substring(1).split("/", -1)) : null;
		}

	}

	/** A variable: its field path and the segments it spans, {@code [start, end)}. */
	private record Variable(String fieldPath, int start, int end) {
	}

}
