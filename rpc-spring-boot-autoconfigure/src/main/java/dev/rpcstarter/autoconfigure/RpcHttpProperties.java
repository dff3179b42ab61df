package dev.rpcstarter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP side of {@code @RpcService} beans: the Connect protocol served on the
 * web server's port.
 */
@ConfigurationProperties("rpc.http")
public class RpcHttpProperties {

	/**
	 * Whether to serve @RpcService beans over HTTP (the Connect protocol) on the web server's
	 * port, beside gRPC on grpc.server.port.
	 */
	private boolean enabled = true;

	/**
	 * Largest request message accepted, after decompression; larger ones are refused with
	 * resource_exhausted before they are buffered. The default matches gRPC's.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(4);

	/**
	 * Order of the bridge's servlet filter. The default runs it after security and
	 * observability filters, so they see RPC requests as they see any other.
	 */
	private int filterOrder = 0;

	/**
	 * How long the web port's open calls may run on once the application stops. New calls
	 * are refused with unavailable meanwhile; calls still open afterwards are cancelled with
	 * unavailable, which their clients are told. Must be shorter than
	 * spring.lifecycle.timeout-per-shutdown-phase.
	 */
	private Duration shutdownGracePeriod = Duration.ofSeconds(10);

	/**
	 * HTTP/2 flow-control window Tomcat gives each request stream: how much of a request body
	 * a client may send ahead of what the service has read. Tomcat allocates two buffers of
	 * this size for every HTTP/2 stream that sends a body and holds them while the stream
	 * stays open, so lowering it saves CPU on every call (16KB took 20-30% off the
	 * web port's CPU per HTTP/2 call with small requests) and memory per open stream (server
	 * streaming to browsers, long-lived subscriptions); uploads of requests larger than the
	 * window then take a round trip per window. Unset keeps Tomcat's default, 64 KiB.
	 */
	private DataSize http2InitialWindowSize;

	/**
	 * Whether Tomcat reads HTTP/2 frames with its blocking reader (the connector's useAsyncIO
	 * set to false) rather than its asynchronous one. Tomcat 10.1's asynchronous reader can,
	 * rarely and under load, take the middle of a DATA frame for a frame header and end the
	 * connection with GOAWAY FRAME_SIZE_ERROR. The blocking reader costs unary calls a few per
	 * cent at most and server streams over h2c about 11% more CPU, and it stalls OkHttp-based
	 * HTTP/2 clients (not the starter's own Connect client, which passes only whole frames)
	 * for seconds when they send more request bytes at once on a connection than its window;
	 * turn it off where that matters more than the rare failure, or on a Tomcat known to read
	 * safely. With it, each connection's write buffer is made large enough for a whole DATA
	 * frame.
	 */
	private boolean http2BlockingReader = true;

	/**
	 * Compression of response messages, for clients that accept gzip.
	 */
	private final Compression compression = new Compression();

	/**
	 * REST routes that methods declare with google.api.http options.
	 */
	private final Rest rest = new Rest();

	/**
	 * Cross-origin access for browser clients (gRPC-Web, Connect in the browser).
	 */
	private final Cors cors = new Cors();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getFilterOrder() {
		return this.filterOrder;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public void setFilterOrder(int filterOrder) {
		this.filterOrder = filterOrder;
	}

	public DataSize getHttp2InitialWindowSize() {
		return this.http2InitialWindowSize;
	}

	public void setHttp2InitialWindowSize(DataSize http2InitialWindowSize) {
		this.http2InitialWindowSize = http2InitialWindowSize;
	}

	public boolean isHttp2BlockingReader() {
		return this.http2BlockingReader;
	}

	public void setHttp2BlockingReader(boolean http2BlockingReader) {
		this.http2BlockingReader = http2BlockingReader;
	}

	public Compression getCompression() {
		return this.compression;
	}

	public Rest getRest() {
		return this.rest;
	}

	public Cors getCors() {
		return this.cors;
	}

	/**
	 * REST transcoding: the HTTP method and path template of a method's google.api.http
	 * option call it with JSON, path variables and query parameters.
	 */
	public static class Rest {

		/**
		 * Whether to serve the REST routes that methods declare with google.api.http options
		 * on the web server's port. Their paths are then answered by the bridge rather than
		 * by the application's controllers.
		 */
		private boolean enabled = true;

		/**
		 * An OpenAPI document of the REST routes.
		 */
		private final OpenApi openapi = new OpenApi();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public OpenApi getOpenapi() {
			return this.openapi;
		}

	}

	/**
	 * An OpenAPI 3.1 document of the REST routes: their paths, parameters, bodies and the
	 * JSON Schemas of their messages, for Swagger UI, client generators and API gateways.
	 */
	public static class OpenApi {

		/**
		 * Whether to serve the OpenAPI document at rpc.http.rest.openapi.path. Off by
		 * default, since it lists every route of every service to whoever asks.
		 */
		private boolean enabled;

		/**
		 * The path of the OpenAPI document on the web server's port.
		 */
		private String path = "/rpc/openapi.json";

		/**
		 * The API's title in the document. The application's name (spring.application.name)
		 * when not set.
		 */
		private String title;

		/**
		 * The API's version in the document.
		 */
		private String version = "1";

		/**
		 * Where descriptor sets with the .proto files' comments are, whose comments become
		 * the document's descriptions: Spring resource locations, patterns included. Generated
		 * code carries no comments, so the build writes them: protoc's --include_source_info
		 * (protobuf-maven-plugin: writeDescriptorSet and includeSourceInfoInDescriptorSet,
		 * into the classes' META-INF/rpc). A pattern may find nothing; a plain location must
		 * exist.
		 */
		private List<String> descriptorSets = new ArrayList<>(List.of("classpath*:META-INF/rpc/*.binpb"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public String getTitle() {
			return this.title;
		}

		public void setTitle(String title) {
			this.title = title;
		}

		public String getVersion() {
			return this.version;
		}

		public void setVersion(String version) {
			this.version = version;
		}

		public List<String> getDescriptorSets() {
			return this.descriptorSets;
		}

		public void setDescriptorSets(List<String> descriptorSets) {
			this.descriptorSets = descriptorSets;
		}

	}

	/**
	 * Which response messages the web port compresses, for every protocol (Connect, gRPC,
	 * gRPC-Web), unless the service chooses for its call with ServerCall.setCompression or
	 * setMessageCompression, which always wins.
	 */
	public static class Compression {

		/**
		 * Whether to compress response messages of at least min-response-size with gzip for
		 * clients that accept it, as Connect servers do. Off, the web port compresses only what
		 * a service asks to, as grpc-java's servers and the gRPC port do: worth it between
		 * services on a fast network, where gzip costs more CPU than the bytes it saves.
		 */
		private boolean enabled = true;

		/**
		 * Smallest response message compressed; below about a kilobyte gzip's own header and
		 * trailer eat most of the gain.
		 */
		private DataSize minResponseSize = DataSize.ofKilobytes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMinResponseSize() {
			return this.minResponseSize;
		}

		public void setMinResponseSize(DataSize minResponseSize) {
			this.minResponseSize = minResponseSize;
		}

	}

	/**
	 * CORS settings for RPC paths. Off until an origin is allowed.
	 */
	public static class Cors {

		/**
		 * Origins allowed to call RPC methods from a browser, such as
		 * "https://app.example.com"; "*" allows any. Empty turns CORS handling off.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Whether browsers may send credentials (cookies, HTTP authentication) with
		 * cross-origin calls. Requires explicit origins rather than "*".
		 */
		private boolean allowCredentials = false;

		/**
		 * How long browsers may cache the answer to a preflight request.
		 */
		private Duration maxAge = Duration.ofHours(1);

		/**
		 * Response headers that browser code may read, besides the protocol headers
		 * (grpc-status, grpc-message, grpc-status-details-bin, grpc-encoding,
		 * connect-content-encoding, content-encoding) that are always exposed. List the
		 * custom response metadata your web clients read here.
		 */
		private List<String> exposedHeaders = new ArrayList<>();

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public boolean isAllowCredentials() {
			return this.allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public List<String> getExposedHeaders() {
			return this.exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

	}

}
