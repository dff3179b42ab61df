package dev.rpcstarter.server.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rpcstarter.server.RpcServiceRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.function.SingletonSupplier;

/**
 * Serves the {@link OpenApiDocument} of the REST routes, as indented JSON. It is written on
 * the first request, once, since the routes are read only when every service is known, and
 * they do not change.
 */
public final class OpenApiServlet extends HttpServlet {

	private final transient Supplier<byte[]> document;

	/**
	 * @param registry the served methods and their routes
	 * @param title the API's title
	 * @param version the API's version
	 * @param comments the comments of the .proto files, for descriptions
	 */
	public OpenApiServlet(RpcServiceRegistry registry, String title, String version, ProtoComments comments) {
		this.document = SingletonSupplier.of(() -> write(registry, title, version, comments));
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		byte[] document = this.document.get();
		response.setContentType("application/json");
		response.setContentLength(document.length);
		response.getOutputStream().write(document);
	}

	private static byte[] write(RpcServiceRegistry registry, String title, String version, ProtoComments comments) {
		try {
			return new ObjectMapper().writerWithDefaultPrettyPrinter()
				.writeValueAsBytes(OpenApiDocument.of(registry.restRoutes(), title, version, comments));
		}
		catch (JsonProcessingException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
