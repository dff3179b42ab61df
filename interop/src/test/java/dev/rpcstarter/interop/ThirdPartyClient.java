package dev.rpcstarter.interop;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.rpcstarter.interop.Scenario.BIDI;
import static dev.rpcstarter.interop.Scenario.BIDI_HALF_DUPLEX;
import static dev.rpcstarter.interop.Scenario.CANCEL;
import static dev.rpcstarter.interop.Scenario.CLIENT_STREAM;
import static dev.rpcstarter.interop.Scenario.DEADLINE;
import static dev.rpcstarter.interop.Scenario.ERROR;
import static dev.rpcstarter.interop.Scenario.GET;
import static dev.rpcstarter.interop.Scenario.GZIP;
import static dev.rpcstarter.interop.Scenario.METADATA;
import static dev.rpcstarter.interop.Scenario.SERVER_STREAM;
import static dev.rpcstarter.interop.Scenario.TINY_CLIENT_STREAM;
import static dev.rpcstarter.interop.Scenario.UNARY;

/**
 * Every third-party client configuration the interop tests run: which library, which wire
 * protocol, codec and HTTP version, which port, and the scenarios it can run there. What a
 * client cannot do by the protocol's own rules (Connect GET outside Connect, bidi streaming
 * over HTTP/1.1) or by its own limits (buf curl sets no deadlines) is left out.
 */
enum ThirdPartyClient {

	CONNECT_NODE_CONNECT_JSON_HTTP1(Library.CONNECT_NODE, "connect", "json", "1.1", Port.WEB),
	CONNECT_NODE_CONNECT_PROTO_HTTP1(Library.CONNECT_NODE, "connect", "proto", "1.1", Port.WEB),
	CONNECT_NODE_CONNECT_JSON_HTTP2(Library.CONNECT_NODE, "connect", "json", "2", Port.WEB),
	CONNECT_NODE_CONNECT_PROTO_HTTP2(Library.CONNECT_NODE, "connect", "proto", "2", Port.WEB),
	CONNECT_NODE_GRPC_WEB_JSON_HTTP1(Library.CONNECT_NODE, "grpc-web", "json", "1.1", Port.WEB),
	CONNECT_NODE_GRPC_WEB_PROTO_HTTP1(Library.CONNECT_NODE, "grpc-web", "proto", "1.1", Port.WEB),
	CONNECT_NODE_GRPC_WEB_JSON_HTTP2(Library.CONNECT_NODE, "grpc-web", "json", "2", Port.WEB),
	CONNECT_NODE_GRPC_WEB_PROTO_HTTP2(Library.CONNECT_NODE, "grpc-web", "proto", "2", Port.WEB),
	CONNECT_NODE_GRPC_JSON_HTTP2(Library.CONNECT_NODE, "grpc", "json", "2", Port.WEB),
	CONNECT_NODE_GRPC_PROTO_HTTP2(Library.CONNECT_NODE, "grpc", "proto", "2", Port.WEB),
	/** The reference: the same client against net.devh's Netty gRPC server. */
	CONNECT_NODE_GRPC_PROTO_GRPC_PORT(Library.CONNECT_NODE, "grpc", "proto", "2", Port.GRPC),

	GRPC_JS_HTTP2(Library.GRPC_JS, "grpc", "proto", "2", Port.WEB),
	GRPC_JS_GRPC_PORT(Library.GRPC_JS, "grpc", "proto", "2", Port.GRPC),

	BUF_CURL_CONNECT_HTTP1(Library.BUF_CURL, "connect", "proto", "1.1", Port.WEB),
	BUF_CURL_CONNECT_HTTP2(Library.BUF_CURL, "connect", "proto", "2", Port.WEB),
	BUF_CURL_GRPC_WEB_HTTP1(Library.BUF_CURL, "grpcweb", "proto", "1.1", Port.WEB),
	BUF_CURL_GRPC_WEB_HTTP2(Library.BUF_CURL, "grpcweb", "proto", "2", Port.WEB),
	BUF_CURL_GRPC_HTTP2(Library.BUF_CURL, "grpc", "proto", "2", Port.WEB),
	BUF_CURL_GRPC_GRPC_PORT(Library.BUF_CURL, "grpc", "proto", "2", Port.GRPC),

	/** Browsers' gRPC-Web runtime in its text mode: base64 bodies, and the one that streams. */
	GRPC_WEB_JS_TEXT_HTTP1(Library.GRPC_WEB_JS, "grpc-web-text", "proto", "1.1", Port.WEB),
	/** Browsers' gRPC-Web runtime in its binary mode, which makes unary calls only. */
	GRPC_WEB_JS_BINARY_HTTP1(Library.GRPC_WEB_JS, "grpc-web", "proto", "1.1", Port.WEB),

	/** connect-web in headless Chromium, cross-origin; browsers speak h2c to nobody, so HTTP/1.1. */
	CHROMIUM_CONNECT_WEB_CONNECT_JSON(Library.CONNECT_WEB_IN_CHROMIUM, "connect", "json", "1.1", Port.WEB),
	CHROMIUM_CONNECT_WEB_GRPC_WEB_PROTO(Library.CONNECT_WEB_IN_CHROMIUM, "grpc-web", "proto", "1.1", Port.WEB),
	CHROMIUM_GRPC_WEB_TEXT(Library.GRPC_WEB_IN_CHROMIUM, "grpc-web-text", "proto", "1.1", Port.WEB);

	private final Library library;

	private final String protocol;

	private final String codec;

	private final String httpVersion;

	private final Port port;

	ThirdPartyClient(Library library, String protocol, String codec, String httpVersion, Port port) {
		this.library = library;
		this.protocol = protocol;
		this.codec = codec;
		this.httpVersion = httpVersion;
		this.port = port;
	}

	/**
	 * Whether this client can run a scenario at all, by the protocol's rules and its own.
	 * @param scenario the scenario
	 * @return whether it can
	 */
	boolean canRun(Scenario scenario) {
		Set<Scenario> scenarios = EnumSet.copyOf(this.library.scenarios);
		if (!this.protocol.equals("connect")) {
			scenarios.remove(GET);
		}
		if (this.httpVersion.equals("1.1")) {
			scenarios.remove(BIDI); // full duplex needs HTTP/2
			if (this.library == Library.BUF_CURL) {
				scenarios.remove(BIDI_HALF_DUPLEX); // buf curl switches bidi calls to HTTP/2 itself
			}
		}
		if (this.port == Port.GRPC || this.httpVersion.equals("1.1")) {
			scenarios.remove(TINY_CLIENT_STREAM); // only Tomcat's HTTP/2 is in question
		}
		if (this.library == Library.GRPC_WEB_JS && this.protocol.equals("grpc-web")) {
			scenarios.remove(SERVER_STREAM); // its binary mode has no streams
		}
		return scenarios.contains(scenario);
	}

	/**
	 * The command-line arguments of this client's script for a scenario.
	 * @param scenario the scenario
	 * @param ports the server's ports
	 * @return the script's arguments
	 */
	List<String> arguments(Scenario scenario, ServerPorts ports) {
		String hostAndPort = "127.0.0.1:" + ((this.port == Port.WEB) ? ports.web() : ports.grpc());
		List<String> arguments = new ArrayList<>();
		switch (this.library) {
			case CONNECT_NODE -> arguments.addAll(
					List.of(this.protocol, this.codec, this.httpVersion, "http://" + hostAndPort));
			case GRPC_JS -> arguments.add(hostAndPort);
			case BUF_CURL -> arguments.addAll(List.of(this.protocol, this.httpVersion, "http://" + hostAndPort));
			case GRPC_WEB_JS -> arguments.addAll(List.of(this.protocol, "http://" + hostAndPort));
			case CONNECT_WEB_IN_CHROMIUM, GRPC_WEB_IN_CHROMIUM ->
				throw new IllegalStateException(this + " runs in Chromium (BrowserPage), not as a script");
		}
		arguments.add(scenario.argument());
		return arguments;
	}

	String script() {
		return this.library.script;
	}

	/** @return whether this client calls the web port (the HTTP bridge), not the gRPC port */
	boolean callsWebPort() {
		return this.port == Port.WEB;
	}

	/** @return the HTTP version as the servlet API names it, e.g. {@code HTTP/2.0} */
	String servletHttpVersion() {
		return this.httpVersion.equals("2") ? "HTTP/2.0" : "HTTP/1.1";
	}

	/** @return the wire protocol as the client names it: connect, grpc-web or grpcweb, grpc-web-text, grpc */
	String protocol() {
		return this.protocol;
	}

	/** @return the message codec: json or proto */
	String codec() {
		return this.codec;
	}

	Library library() {
		return this.library;
	}

	/** The client libraries, their scripts and what each can do at most. */
	enum Library {

		CONNECT_NODE("connect-node-interop.mjs", null, EnumSet.allOf(Scenario.class)),

		/** grpc-js: no Connect GET. */
		GRPC_JS("grpc-js-interop.mjs", null, EnumSet.complementOf(EnumSet.of(GET))),

		/** buf curl: no deadlines, compression switch or cancel; bidi only half duplex. */
		BUF_CURL("buf-curl-interop.mjs", null, EnumSet.of(UNARY, SERVER_STREAM, CLIENT_STREAM, TINY_CLIENT_STREAM,
				BIDI_HALF_DUPLEX, ERROR, METADATA)),

		/**
		 * grpc-web, the gRPC project's runtime for browsers, over xhr2's XMLHttpRequest: no client
		 * streams (gRPC-Web in browsers has none), no compression, no Connect GET, and no cancel:
		 * xhr2, unlike a browser's XMLHttpRequest, hands over a response only once it has ended.
		 */
		GRPC_WEB_JS("grpc-web-interop.mjs", null, EnumSet.of(UNARY, SERVER_STREAM, ERROR, METADATA, DEADLINE)),

		/**
		 * connect-web in headless Chromium (BrowserPage): unary and server streams only, as
		 * fetch has no request streams; no compression.
		 */
		CONNECT_WEB_IN_CHROMIUM(null, "connect-web", EnumSet.of(UNARY, SERVER_STREAM, ERROR, METADATA, DEADLINE, GET, CANCEL)),

		/** grpc-web in headless Chromium, on the browser's own XMLHttpRequest, which streams. */
		GRPC_WEB_IN_CHROMIUM(null, "grpc-web", EnumSet.of(UNARY, SERVER_STREAM, ERROR, METADATA, DEADLINE, CANCEL));

		/** The Node script, or {@code null} for a client that runs in Chromium. */
		private final String script;

		/** The library the browser page runs ({@code page.mjs}), or {@code null} for a Node script. */
		private final String pageLibrary;

		private final Set<Scenario> scenarios;

		Library(String script, String pageLibrary, Set<Scenario> scenarios) {
			this.script = script;
			this.pageLibrary = pageLibrary;
			this.scenarios = scenarios;
		}

		/** @return whether this client runs in Chromium rather than as a Node script */
		boolean inBrowser() {
			return this.pageLibrary != null;
		}

		/** @return the library the browser page runs: connect-web or grpc-web */
		String pageLibrary() {
			return this.pageLibrary;
		}

	}

	private enum Port {

		/** The Spring MVC web server's port, served by the HTTP bridge. */
		WEB,

		/** net.devh's gRPC server port (Netty). */
		GRPC

	}

}
