package dev.rpcstarter.interop.service;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records how each request reached the web port (HTTP method and version, content type,
 * message compression), which a client cannot show: tests use it to prove that a client
 * really spoke HTTP/2, really sent GET, really compressed.
 */
public class RecordedRequests extends OncePerRequestFilter {

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String encoding = Stream.of("Content-Encoding", "Connect-Content-Encoding", "grpc-encoding")
			.map(request::getHeader)
			.filter((value) -> value != null)
			.findFirst()
			.orElse("identity");
		this.requests.add(new RecordedRequest(request.getMethod(), request.getRequestURI(), request.getProtocol(),
				request.getContentType(), encoding));
		chain.doFilter(request, response);
	}

	/**
	 * The last request for a method.
	 * @param method the method's simple name, such as {@code Echo}
	 * @return the request
	 * @throws IllegalStateException when there was none
	 */
	public RecordedRequest last(String method) {
		for (int i = this.requests.size() - 1; i >= 0; i--) {
			if (this.requests.get(i).path().endsWith("/" + method)) {
				return this.requests.get(i);
			}
		}
		throw new IllegalStateException("no request for " + method + " among " + this.requests);
	}

	/**
	 * How one request arrived.
	 * @param httpMethod {@code GET} or {@code POST}
	 * @param path the request's path
	 * @param httpVersion {@code HTTP/1.1} or {@code HTTP/2.0}
	 * @param contentType the request's content type, {@code null} for a GET
	 * @param messageEncoding the compression the request declares, {@code identity} for none
	 */
	public record RecordedRequest(String httpMethod, String path, String httpVersion, String contentType,
			String messageEncoding) {
	}

}
