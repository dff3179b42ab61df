package dev.rpcstarter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.client.connect.HttpVersion;
import dev.rpcstarter.protocol.Codec;
import io.grpc.Status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the {@code @RpcClient} stubs, one entry per client name:
 * {@code rpc.client.email.address=static://localhost:9091}.
 *
 * <p>The entry named {@value #DEFAULT_CLIENT} holds settings every client inherits: a value a
 * named client sets itself wins, one it leaves unset comes from {@code rpc.client.default.*},
 * then from the built-in default that each property's javadoc states. {@link #resolve(String)}
 * does that merge. So "default" cannot name a client, and neither can "enabled": the client
 * names share their namespace with the on/off switch {@code rpc.client.enabled}, which
 * {@link EnabledSwitchBindHandlerAdvisor} keeps out of this map.
 *
 * <p>The fields of {@link Client} are {@code null} when unset, so that the merge can tell an
 * unset value from a value set to the built-in default.
 */
@ConfigurationProperties("rpc.client")
public class RpcClientProperties extends LinkedHashMap<String, RpcClientProperties.Client> {

	/** The entry whose settings every client inherits. */
	public static final String DEFAULT_CLIENT = "default";

	/** The names {@code @RpcClient} cannot use: the default entry and the on/off switch. */
	public static final Set<String> RESERVED_NAMES = Set.of(DEFAULT_CLIENT, "enabled");

	/**
	 * The settings of a client: its own, then those of the {@value #DEFAULT_CLIENT} entry, then
	 * the built-in defaults; every getter of the result answers non-null except those of
	 * settings that have no default (address, deadline, ssl-bundle, http-version, keep-alive
	 * time).
	 * @param clientName the value of {@code @RpcClient}
	 * @return a new, merged {@link Client}
	 */
	public Client resolve(String clientName) {
		Client own = getOrDefault(clientName, new Client());
		return own.orElse(getOrDefault(DEFAULT_CLIENT, new Client())).orElse(Client.BUILT_IN);
	}

	/**
	 * Connection settings of one named client, or of all clients under
	 * {@code rpc.client.default}.
	 */
	public static class Client {

		static final Client BUILT_IN = builtIn();

		/**
		 * Where the service runs. For the grpc protocol: "static://host:port", a
		 * comma-separated list "static://host1:port1,host2:port2", "dns:///host:port",
		 * "discovery:///service-id" (instances from Spring Cloud's DiscoveryClient) or
		 * "in-process:name" (grpc-inprocess, for tests). For connect and grpc-web:
		 * "http://host:port", "https://host:port", "static://" (one host or a list) or
		 * "discovery:///service-id"; static and discovery addresses use https when TLS is on.
		 */
		private String address;

		/**
		 * Wire protocol of the calls: grpc (native gRPC over HTTP/2), connect (the Connect
		 * protocol over HTTP/1.1 or HTTP/2) or grpc-web. Defaults to grpc.
		 */
		private RpcProtocol protocol;

		/**
		 * How messages are written by the connect and grpc-web protocols: proto (binary
		 * protobuf) or json (the canonical proto3 JSON mapping). Native gRPC always uses proto.
		 * Defaults to proto.
		 */
		private Codec codec;

		/**
		 * HTTP version of the connect and grpc-web protocols: http_1_1, or http_2, which over
		 * http:// is HTTP/2 without TLS with prior knowledge (h2c: the server must speak
		 * HTTP/2, there is no Upgrade from HTTP/1.1). When unset, https:// negotiates HTTP/2
		 * by ALPN and falls back to HTTP/1.1, and http:// uses HTTP/1.1, which every server and
		 * proxy speaks. Bidirectional calls are full duplex over HTTP/2 and half duplex over
		 * HTTP/1.1 (the responses arrive once the client half-closes). Native gRPC always uses
		 * HTTP/2.
		 */
		private HttpVersion httpVersion;

		/**
		 * Deadline applied to each call that does not set its own. No deadline when unset.
		 */
		private Duration deadline;

		/**
		 * Whether the grpc protocol, and static and discovery addresses of the HTTP protocols,
		 * talk plaintext instead of TLS. Defaults to true, or to false when ssl-bundle is set.
		 * http:// and https:// addresses say it themselves.
		 */
		private Boolean plaintext;

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material
		 * verifies the server and whose key material, if any, identifies this client (mutual
		 * TLS). Turns TLS on. When unset, TLS trusts the JVM's default certificate authorities.
		 */
		private String sslBundle;

		/**
		 * How calls are spread over the addresses of a static list, a DNS name or a discovered
		 * service: round_robin (every call goes to the next ready address) or pick_first (all
		 * calls go to one address until it fails). Defaults to round_robin.
		 */
		private LoadBalancing loadBalancing;

		/**
		 * Largest response message the client accepts; a larger one fails the call with
		 * RESOURCE_EXHAUSTED. Between 1B and 2047MB. Defaults to 4MB.
		 */
		private DataSize maxInboundMessageSize;

		/**
		 * Encoding of request messages: identity (none) or gzip. A stub's own
		 * withCompression(...) wins. Defaults to identity.
		 */
		private Compression compression;

		/**
		 * Headers added to every call, header name to value, e.g. "x-api-version: 2".
		 * Entries of rpc.client.default.headers are added too unless the client sets the
		 * same header.
		 */
		private Map<String, String> headers;

		/**
		 * Names of io.grpc.ClientInterceptor beans that only this client's calls pass
		 * through, in this order, after the interceptors every client gets. A client that
		 * sets this list replaces the list of rpc.client.default.interceptors.
		 */
		private List<String> interceptors;

		/**
		 * How often the instances of a "discovery:///service-id" address are listed again.
		 * They are also listed again after a connection fails, when a call finds that the
		 * last listing had no instance, and on Spring Cloud's HeartbeatEvent. Defaults to 30s.
		 */
		private Duration discoveryRefreshInterval;

		/**
		 * Whether the connect protocol calls unary methods without side effects (option
		 * idempotency_level = NO_SIDE_EFFECTS) with HTTP GET, the message in the query, so that
		 * HTTP caches and CDNs can answer them. A message whose URL would be longer than 4096
		 * characters still goes as a POST. Defaults to false.
		 */
		private Boolean httpGet;

		/**
		 * Settings of single methods, by their name in the .proto file (for example
		 * SendEmail), which win over this client's for the calls of that method. A name that
		 * the service of a stub injected for this client does not have fails start-up.
		 */
		private Map<String, Method> methods;

		/**
		 * Retries of failed calls.
		 */
		private Retry retry = new Retry();

		/**
		 * Hedging of calls: copies sent while the first waits for its answer. A client
		 * retries or hedges, not both.
		 */
		private Hedging hedging = new Hedging();

		/**
		 * When the client stops retrying and hedging while its calls keep failing.
		 */
		private final RetryThrottling retryThrottling = new RetryThrottling();

		/**
		 * HTTP/2 keep-alive pings of the grpc protocol.
		 */
		private final KeepAlive keepAlive = new KeepAlive();

		private static Client builtIn() {
			Client client = new Client();
			client.protocol = RpcProtocol.GRPC;
			client.codec = Codec.PROTO;
			client.plaintext = Boolean.TRUE;
			client.loadBalancing = LoadBalancing.ROUND_ROBIN;
			client.maxInboundMessageSize = DataSize.ofMegabytes(4);
			client.compression = Compression.IDENTITY;
			client.headers = Map.of();
			client.interceptors = List.of();
			client.discoveryRefreshInterval = Duration.ofSeconds(30);
			client.httpGet = false;
			client.methods = Map.of();
			client.retry.enabled = false;
			client.retry.maxAttempts = 3;
			client.retry.initialBackoff = Duration.ofMillis(100);
			client.retry.maxBackoff = Duration.ofSeconds(1);
			client.retry.backoffMultiplier = 2.0;
			client.retry.retryableStatusCodes = List.of(Status.Code.UNAVAILABLE);
			client.hedging.enabled = false;
			client.hedging.maxAttempts = 3;
			client.hedging.delay = Duration.ofMillis(100);
			client.hedging.nonFatalStatusCodes = List.of(Status.Code.UNAVAILABLE);
			client.retryThrottling.enabled = false;
			client.retryThrottling.maxTokens = 10;
			client.retryThrottling.tokenRatio = 0.1;
			client.keepAlive.withoutCalls = false;
			return client;
		}

		/**
		 * This client's settings where set, the fallback's elsewhere.
		 * @param fallback the settings to inherit
		 * @return a new client
		 */
		Client orElse(Client fallback) {
			Client merged = new Client();
			merged.address = or(this, fallback, Client::getAddress);
			merged.protocol = or(this, fallback, Client::getProtocol);
			merged.codec = or(this, fallback, Client::getCodec);
			merged.httpVersion = or(this, fallback, Client::getHttpVersion);
			merged.deadline = or(this, fallback, Client::getDeadline);
			merged.sslBundle = or(this, fallback, Client::getSslBundle);
			// An SSL bundle means TLS unless plaintext is set where the bundle is.
			merged.plaintext = (this.plaintext == null && this.sslBundle != null) ? Boolean.FALSE
					: or(this, fallback, Client::getPlaintext);
			merged.loadBalancing = or(this, fallback, Client::getLoadBalancing);
			merged.maxInboundMessageSize = or(this, fallback, Client::getMaxInboundMessageSize);
			merged.compression = or(this, fallback, Client::getCompression);
			merged.interceptors = or(this, fallback, Client::getInterceptors);
			merged.discoveryRefreshInterval = or(this, fallback, Client::getDiscoveryRefreshInterval);
			merged.httpGet = or(this, fallback, Client::getHttpGet);
			merged.methods = Method.merge(this.methods, fallback.methods);
			if (this.headers != null || fallback.headers != null) {
				merged.headers = new LinkedHashMap<>();
				if (fallback.headers != null) {
					merged.headers.putAll(fallback.headers);
				}
				if (this.headers != null) {
					merged.headers.putAll(this.headers);
				}
			}
			merged.retry = this.retry.orElse(fallback.retry);
			merged.hedging = this.hedging.orElse(fallback.hedging);
			merged.retryThrottling.enabled = or(this.retryThrottling, fallback.retryThrottling,
					RetryThrottling::getEnabled);
			merged.retryThrottling.maxTokens = or(this.retryThrottling, fallback.retryThrottling,
					RetryThrottling::getMaxTokens);
			merged.retryThrottling.tokenRatio = or(this.retryThrottling, fallback.retryThrottling,
					RetryThrottling::getTokenRatio);
			merged.keepAlive.time = or(this.keepAlive, fallback.keepAlive, KeepAlive::getTime);
			merged.keepAlive.timeout = or(this.keepAlive, fallback.keepAlive, KeepAlive::getTimeout);
			merged.keepAlive.withoutCalls = or(this.keepAlive, fallback.keepAlive, KeepAlive::getWithoutCalls);
			return merged;
		}

		private static <S, T> T or(S own, S fallback, Function<S, T> getter) {
			T value = getter.apply(own);
			return (value != null) ? value : getter.apply(fallback);
		}

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public RpcProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(RpcProtocol protocol) {
			this.protocol = protocol;
		}

		public Codec getCodec() {
			return this.codec;
		}

		public void setCodec(Codec codec) {
			this.codec = codec;
		}

		public HttpVersion getHttpVersion() {
			return this.httpVersion;
		}

		public void setHttpVersion(HttpVersion httpVersion) {
			this.httpVersion = httpVersion;
		}

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

		public Boolean getPlaintext() {
			return this.plaintext;
		}

		public void setPlaintext(Boolean plaintext) {
			this.plaintext = plaintext;
		}

		public String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(String sslBundle) {
			this.sslBundle = sslBundle;
		}

		public LoadBalancing getLoadBalancing() {
			return this.loadBalancing;
		}

		public void setLoadBalancing(LoadBalancing loadBalancing) {
			this.loadBalancing = loadBalancing;
		}

		public DataSize getMaxInboundMessageSize() {
			return this.maxInboundMessageSize;
		}

		public void setMaxInboundMessageSize(DataSize maxInboundMessageSize) {
			this.maxInboundMessageSize = maxInboundMessageSize;
		}

		public Compression getCompression() {
			return this.compression;
		}

		public void setCompression(Compression compression) {
			this.compression = compression;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public List<String> getInterceptors() {
			return this.interceptors;
		}

		public void setInterceptors(List<String> interceptors) {
			this.interceptors = interceptors;
		}

		public Duration getDiscoveryRefreshInterval() {
			return this.discoveryRefreshInterval;
		}

		public void setDiscoveryRefreshInterval(Duration discoveryRefreshInterval) {
			this.discoveryRefreshInterval = discoveryRefreshInterval;
		}

		public Boolean getHttpGet() {
			return this.httpGet;
		}

		public void setHttpGet(Boolean httpGet) {
			this.httpGet = httpGet;
		}

		public Map<String, Method> getMethods() {
			return this.methods;
		}

		public void setMethods(Map<String, Method> methods) {
			this.methods = methods;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public Hedging getHedging() {
			return this.hedging;
		}

		public RetryThrottling getRetryThrottling() {
			return this.retryThrottling;
		}

		public KeepAlive getKeepAlive() {
			return this.keepAlive;
		}

	}

	/**
	 * Settings of one method of a client's service, which win over the client's own.
	 */
	public static class Method {

		/**
		 * Deadline of each call of this method that does not set its own, instead of the
		 * client's deadline.
		 */
		private Duration deadline;

		/**
		 * Retries of this method's calls, setting by setting over the client's: for example
		 * enabled false for a method that is not safe to call twice, or enabled true for the
		 * one method that is.
		 */
		private Retry retry = new Retry();

		/**
		 * Hedging of this method's calls, setting by setting over the client's: for example
		 * enabled true for the one method that is safe to call several times at once. A method
		 * that turns hedging on is not retried unless its own retry settings say so, and the
		 * other way round.
		 */
		private Hedging hedging = new Hedging();

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public Hedging getHedging() {
			return this.hedging;
		}

		/**
		 * A client's method settings over those it inherits, method by method and setting by
		 * setting.
		 */
		static Map<String, Method> merge(Map<String, Method> own, Map<String, Method> fallback) {
			if (own == null || fallback == null) {
				return (own != null) ? own : fallback;
			}
			Map<String, Method> merged = new LinkedHashMap<>(fallback);
			own.forEach((name, method) -> merged.merge(name, method, (inherited, set) -> {
				Method both = new Method();
				both.deadline = Client.or(set, inherited, Method::getDeadline);
				both.retry = set.retry.orElse(inherited.retry);
				both.hedging = set.hedging.orElse(inherited.hedging);
				return both;
			}));
			return merged;
		}

	}

	/**
	 * Retries of calls that fail with a status that says the server did not act on them.
	 * grpc retries every kind of call (through grpc-java's retry policy), and so do connect and
	 * grpc-web (a streaming request while it has sent at most 1 MiB).
	 */
	public static class Retry {

		/**
		 * Whether to retry calls that fail with one of the retryable status codes. Defaults to
		 * false.
		 */
		private Boolean enabled;

		/**
		 * Attempts of a call at most, the first included. Defaults to 3.
		 */
		private Integer maxAttempts;

		/**
		 * Upper bound of the random pause before the first retry. Defaults to 100ms.
		 */
		private Duration initialBackoff;

		/**
		 * Largest upper bound of the random pause before a retry. Defaults to 1s.
		 */
		private Duration maxBackoff;

		/**
		 * Factor by which the upper bound of the pause grows after each retry. Defaults to 2.
		 */
		private Double backoffMultiplier;

		/**
		 * Status codes after which a call is tried again: only codes that mean the server did
		 * not act on the call are safe for calls that change state. Defaults to UNAVAILABLE.
		 */
		private List<Status.Code> retryableStatusCodes;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Double getBackoffMultiplier() {
			return this.backoffMultiplier;
		}

		public void setBackoffMultiplier(Double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public List<Status.Code> getRetryableStatusCodes() {
			return this.retryableStatusCodes;
		}

		public void setRetryableStatusCodes(List<Status.Code> retryableStatusCodes) {
			this.retryableStatusCodes = retryableStatusCodes;
		}

		/**
		 * These retry settings where set, the fallback's elsewhere.
		 * @param fallback the settings to inherit
		 * @return new settings
		 */
		public Retry orElse(Retry fallback) {
			Retry merged = new Retry();
			merged.enabled = Client.or(this, fallback, Retry::getEnabled);
			merged.maxAttempts = Client.or(this, fallback, Retry::getMaxAttempts);
			merged.initialBackoff = Client.or(this, fallback, Retry::getInitialBackoff);
			merged.maxBackoff = Client.or(this, fallback, Retry::getMaxBackoff);
			merged.backoffMultiplier = Client.or(this, fallback, Retry::getBackoffMultiplier);
			merged.retryableStatusCodes = Client.or(this, fallback, Retry::getRetryableStatusCodes);
			return merged;
		}

	}

	/**
	 * Hedging of calls that are safe to run more than once: while a call waits for its answer,
	 * a copy of it is sent after each delay, to the next instance the client picks, and the
	 * first answer wins; the copies still in flight are cancelled. It trades load on the
	 * servers for shorter tail latency. grpc hedges every kind of call (through grpc-java's
	 * hedging policy); connect and grpc-web hedge unary and server streaming calls.
	 */
	public static class Hedging {

		/**
		 * Whether to hedge calls. Defaults to false.
		 */
		private Boolean enabled;

		/**
		 * Copies of a call at most, the first included. Defaults to 3.
		 */
		private Integer maxAttempts;

		/**
		 * Time without an answer after which the next copy is sent; 0 sends them all at once.
		 * Defaults to 100ms; a latency a little above the method's usual one hedges only the
		 * slow calls.
		 */
		private Duration delay;

		/**
		 * Status codes of a failed copy after which the call goes on with the other copies
		 * (connect and grpc-web send the next one at once, grpc after the delay); any other
		 * failure ends the call. Defaults to UNAVAILABLE.
		 */
		private List<Status.Code> nonFatalStatusCodes;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public List<Status.Code> getNonFatalStatusCodes() {
			return this.nonFatalStatusCodes;
		}

		public void setNonFatalStatusCodes(List<Status.Code> nonFatalStatusCodes) {
			this.nonFatalStatusCodes = nonFatalStatusCodes;
		}

		/**
		 * These hedging settings where set, the fallback's elsewhere.
		 * @param fallback the settings to inherit
		 * @return new settings
		 */
		public Hedging orElse(Hedging fallback) {
			Hedging merged = new Hedging();
			merged.enabled = Client.or(this, fallback, Hedging::getEnabled);
			merged.maxAttempts = Client.or(this, fallback, Hedging::getMaxAttempts);
			merged.delay = Client.or(this, fallback, Hedging::getDelay);
			merged.nonFatalStatusCodes = Client.or(this, fallback, Hedging::getNonFatalStatusCodes);
			return merged;
		}

	}

	/**
	 * gRPC's retry throttling: the client holds tokens, max-tokens at first; each attempt that
	 * fails with a retryable status, or hedged copy with a non-fatal one, takes one, and each
	 * call that succeeds gives back token-ratio of one. While the client holds half of
	 * max-tokens or less, failed calls are not retried and no further copies are sent, so that
	 * a service in trouble is not called ever more often.
	 */
	public static class RetryThrottling {

		/**
		 * Whether to throttle retries and hedging. Defaults to false.
		 */
		private Boolean enabled;

		/**
		 * Tokens at first and at most, from 1 to 1000. Defaults to 10.
		 */
		private Integer maxTokens;

		/**
		 * Tokens that a call that succeeds gives back, at least 0.001. Defaults to 0.1.
		 */
		private Double tokenRatio;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Integer getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(Integer maxTokens) {
			this.maxTokens = maxTokens;
		}

		public Double getTokenRatio() {
			return this.tokenRatio;
		}

		public void setTokenRatio(Double tokenRatio) {
			this.tokenRatio = tokenRatio;
		}

	}

	/**
	 * HTTP/2 pings that keep an idle grpc connection open through proxies and detect a dead
	 * peer. Off unless time is set.
	 */
	public static class KeepAlive {

		/**
		 * Time without reads after which the client pings the server. Off when unset; servers
		 * reject pings more frequent than they allow (grpc-java: 5 minutes by default).
		 */
		private Duration time;

		/**
		 * Time the client waits for the answer to a ping before it closes the connection.
		 * Defaults to grpc-java's 20s.
		 */
		private Duration timeout;

		/**
		 * Whether to ping also while no call is running. Defaults to false.
		 */
		private Boolean withoutCalls;

		public Duration getTime() {
			return this.time;
		}

		public void setTime(Duration time) {
			this.time = time;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Boolean getWithoutCalls() {
			return this.withoutCalls;
		}

		public void setWithoutCalls(Boolean withoutCalls) {
			this.withoutCalls = withoutCalls;
		}

	}

	/**
	 * How a client spreads its calls over the addresses of its service.
	 */
	public enum LoadBalancing {

		/** Every call goes to the next ready address. */
		ROUND_ROBIN,

		/** All calls go to one address until it fails, then to the next. */
		PICK_FIRST;

		/**
		 * @return grpc-java's name of the policy, e.g. "round_robin"
		 */
		public String policyName() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * How a client encodes its request messages.
	 */
	public enum Compression {

		/** Not compressed. */
		IDENTITY,

		/** gzip. */
		GZIP;

		/**
		 * @return the name of the encoding in grpc-java and on the wire, e.g. "gzip"
		 */
		public String encoding() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
