package dev.rpcstarter.server.http;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Names what an RPC or REST request called in Spring's observation of the HTTP request (the
 * {@code uri} tag of {@code http.server.requests}), as Spring MVC names the pattern of the
 * handler it picked. Without a name, every request the bridge answers would be counted as
 * {@code UNKNOWN}. The names are bounded: served method paths and route templates.
 */
final class HttpObservations {

	private HttpObservations() {
	}

	/**
	 * Names the request's path pattern, when the request is observed.
	 * @param request the request, on its request thread
	 * @param pattern the method's path, or the route's template
	 */
	static void namePath(HttpServletRequest request, String pattern) {
		if (request.getAttribute(ServerHttpObservationFilter.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE)
				instanceof ServerRequestObservationContext observed) {
			observed.setPathPattern(pattern);
		}
	}

}
