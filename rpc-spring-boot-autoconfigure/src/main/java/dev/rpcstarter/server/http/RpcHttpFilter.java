package dev.rpcstarter.server.http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import dev.rpcstarter.server.RestRoutes;
import dev.rpcstarter.server.RpcServiceRegistry;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The servlet entry of the HTTP bridge: answers requests for the paths of served RPC methods
 * ({@code /<package>.<Service>/<Method>}) and passes every other request on, so the
 * application's own controllers keep their paths.
 *
 * <p>A request for an unknown method is answered here only when its service is served or the
 * request is unmistakably an RPC (a Connect or gRPC content type, or a
 * {@code Connect-Protocol-Version} header); an ordinary JSON POST to a path the bridge does
 * not know still reaches Spring MVC.
 */
public final class RpcHttpFilter extends OncePerRequestFilter {

	private final RpcServiceRegistry registry;

	/** Fires deadlines and held-back flushes; its tasks are short and never wait for a client. */
	private final ScheduledExecutorService timer;

	private final HeldFlushes heldFlushes;

	private final HttpCalls calls;

	private final ConnectUnaryProtocol connectUnary;

	private final List<HttpProtocol> protocols;

	private final RestProtocol rest;

	private final CorsConfiguration cors;

	private final CorsProcessor corsProcessor = new DefaultCorsProcessor();

	/**
	 * Creates the filter.
	 * @param registry the methods to serve
	 * @param maxMessageSize the largest request message, in bytes, after decompression
	 * @param responseCompression which response messages are compressed unless the service
	 * chooses for its call
	 * @param cors which browser origins may call, or {@code null} to leave CORS alone
	 * @param streamTracerFactories the stream tracer factories of the gRPC server, asked for on
	 * the first call
	 */
	public RpcHttpFilter(RpcServiceRegistry registry, int maxMessageSize, ResponseCompression responseCompression,
			CorsConfiguration cors, Supplier<List<ServerStreamTracer.Factory>> streamTracerFactories) {
		this.registry = registry;
		this.cors = cors;
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "rpc-http-timer");
			thread.setDaemon(true);
			return thread;
		});
		// Most timers are cancelled (calls end before their deadline, callbacks return before
		// their held flush is due): take them out of the queue at once rather than wake for them.
		timer.setRemoveOnCancelPolicy(true);
		this.timer = timer;
		this.heldFlushes = new HeldFlushes(this.timer);
		this.calls = new HttpCalls(this.timer, new WebPortServer(registry), streamTracerFactories);
		ProtocolSupport support = new ProtocolSupport(this.calls, maxMessageSize, responseCompression,
				this.heldFlushes);
		this.connectUnary = new ConnectUnaryProtocol(support);
		this.protocols = List.of(this.connectUnary, new ConnectStreamProtocol(support), new GrpcProtocol(support));
		this.rest = new RestProtocol(support, registry);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		RpcMethod<?, ?> method = this.registry.method(path);
		if (method != null) {
			HttpObservations.namePath(request, path);
			if (this.cors != null && !passesCors(request, response)) {
				return;
			}
			serve(method, request, response);
			return;
		}
		RestRoutes.Match route = restRoute(request, path);
		if (route != null) {
			HttpObservations.namePath(request, route.route().path().toString());
			if (this.cors == null || passesCors(request, response)) {
				serveReleasingThread(request, () -> this.rest.serve(route, request, response));
			}
		}
		else if (isUnmistakablyRpc(request) || this.registry.hasService(serviceOf(path))) {
			JsonErrorResponses.sendConnect(response, HttpServletResponse.SC_NOT_FOUND,
					Status.UNIMPLEMENTED.withDescription("no such method: " + path));
		}
		else {
			chain.doFilter(request, response);
		}
	}

	/**
	 * The REST route of a request, or {@code null}; a CORS preflight request finds the route of
	 * the request it asks about, when CORS is on.
	 */
	private RestRoutes.Match restRoute(HttpServletRequest request, String path) {
		if (!CorsUtils.isPreFlightRequest(request)) {
			return this.registry.restRoute(request.getMethod(), path);
		}
		return (this.cors != null)
				? this.registry.restRoute(request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD), path) : null;
	}

	/**
	 * Applies CORS: answers a preflight request in full, adds the headers a browser needs to
	 * an actual one, and refuses an origin that is not allowed.
	 * @return whether the request goes on to its protocol
	 */
	private boolean passesCors(HttpServletRequest request, HttpServletResponse response) throws IOException {
		boolean allowed = this.corsProcessor.processRequest(this.cors, request, response);
		return allowed && !CorsUtils.isPreFlightRequest(request);
	}

	private void serve(RpcMethod<?, ?> method, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		String contentType = request.getContentType();
		String mediaType = HttpRequests.mediaTypeOf(contentType);
		if ("GET".equals(request.getMethod())) {
			// Connect's cacheable unary calls: the message is in the query, there is no body.
			serveReleasingThread(request, () -> this.connectUnary.serve(method, mediaType, request, response));
			return;
		}
		for (HttpProtocol protocol : this.protocols) {
			if (protocol.handles(mediaType) && !HttpRequests.declaresOtherCharset(contentType)) {
				serveReleasingThread(request, () -> protocol.serve(method, mediaType, request, response));
				return;
			}
		}
		HttpRequests.rejectContentType(method, request, response);
	}

	/**
	 * Serves a call and lets its exchange know when the request thread leaves, so that a call
	 * still open then puts its request in async mode rather than have the container end the
	 * response empty (see {@link AsyncExchange}).
	 */
	private static void serveReleasingThread(HttpServletRequest request, CallServing serving) throws IOException {
		Throwable failure = null;
		try {
			serving.serve();
		}
		catch (IOException | RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			AsyncExchange exchange = AsyncExchange.of(request);
			if (exchange != null) {
				exchange.releaseRequestThread(failure);
			}
		}
	}

	/** The {@code <package>.<Service>} part of {@code /<package>.<Service>/<Method>}. */
	private static String serviceOf(String path) {
		int slash = path.indexOf('/', 1);
		return (slash > 0) ? path.substring(1, slash) : "";
	}

	private static boolean isUnmistakablyRpc(HttpServletRequest request) {
		if (request.getHeader("Connect-Protocol-Version") != null) {
			return true;
		}
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT);
		return type.startsWith("application/proto") || type.startsWith("application/connect+")
				|| type.startsWith("application/grpc");
	}

	/**
	 * Stops taking calls as the application stops: a new call is refused with
	 * {@code UNAVAILABLE}, the open ones may run on for a grace period, and those still open
	 * then are cancelled with {@code UNAVAILABLE}, which their clients are told. Returns once
	 * no call is open.
	 * @param gracePeriod how long open calls may run on
	 */
	public void stopCalls(Duration gracePeriod) {
		this.calls.close(gracePeriod);
	}

	/**
	 * Takes calls again after {@link #stopCalls}, as an application context that is started
	 * again after it stopped (a checkpoint and restore, say) must.
	 */
	public void startCalls() {
		this.calls.reopen();
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
		this.heldFlushes.shutdown();
	}

	/** Starts serving a request on its request thread. */
	@FunctionalInterface
	private interface CallServing {

		void serve() throws IOException;

	}

}
