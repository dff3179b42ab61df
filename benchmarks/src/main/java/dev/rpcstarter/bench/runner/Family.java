package dev.rpcstarter.bench.runner;

import java.awt.Color;

/**
 * What kind of server and protocol a target is; decides its wire format and its colour in the
 * chart.
 */
enum Family {

	RAW_GRPC("raw grpc-java", Wire.GRPC, new Color(0x7f7f7f)),

	STARTER_GRPC("starter gRPC", Wire.GRPC, new Color(0x1f77b4)),

	/**
	 * Raw grpc-java's hand-wired server in the control JVM, which runs the starter app too: raw
	 * grpc-java's call path in the starter's process.
	 */
	RAW_GRPC_IN_CONTROL_JVM("raw grpc-java in control JVM", Wire.GRPC, new Color(0xc7c7c7)),

	/**
	 * The starter's gRPC port in the control JVM: compared with raw grpc-java in the same
	 * process, its call path alone; compared with the starter in its own JVM, the same code in
	 * two JVMs.
	 */
	STARTER_GRPC_IN_CONTROL_JVM("starter gRPC in control JVM", Wire.GRPC, new Color(0x9edae5)),

	CONNECT_PROTO("starter Connect proto", Wire.CONNECT_PROTO, new Color(0x2ca02c)),

	/**
	 * Connect proto on the web port of a starter app whose HTTP/2 flow-control window
	 * ({@code rpc.http.http2-initial-window-size}) is smaller than Tomcat's default.
	 */
	CONNECT_PROTO_SMALL_WINDOW("starter Connect proto (" + Servers.SMALL_HTTP2_WINDOW + " HTTP/2 window)",
			Wire.CONNECT_PROTO, new Color(0x17becf)),

	/** Connect server streaming, binary, on the same web port. */
	CONNECT_STREAM_PROTO("starter Connect proto", Wire.CONNECT_STREAM_PROTO, new Color(0x2ca02c)),

	/** gRPC-Web on the same web port, for information: no goal is set for it. */
	GRPC_WEB_PROTO("starter gRPC-Web proto", Wire.GRPC_WEB_PROTO, new Color(0x9467bd)),

	CONNECT_JSON("starter Connect JSON", Wire.CONNECT_JSON, new Color(0x98df8a)),

	/**
	 * The starter's REST route (google.api.http) for the echo, on the REST controller's path and
	 * with its body: the same requests as {@link #REST_JSON}, served by the starter instead.
	 */
	STARTER_REST_JSON("starter REST route JSON", Wire.REST_JSON, new Color(0x8c564b)),

	REST_JSON("Spring MVC REST JSON", Wire.REST_JSON, new Color(0xff7f0e)),

	/**
	 * The same REST app with Tomcat reading HTTP/2 frames as the starter has it read them (its
	 * blocking reader): splits the Connect-against-REST ratio over h2c into that setting and the rest.
	 */
	REST_JSON_BLOCKING_READER("Spring MVC REST JSON (Tomcat blocking reader)", Wire.REST_JSON, new Color(0xffbb78)),

	/**
	 * Generated stubs over grpc-java's channel, calling the starter's web port (Tomcat, gRPC over
	 * h2c): the server the Connect transport calls too.
	 */
	CLIENT_GRPC("stubs over gRPC channel, Tomcat web port", Wire.GRPC, new Color(0x1f77b4), true),

	/** The same stubs and channel calling the starter's gRPC port (Netty): another server than Connect's. */
	CLIENT_GRPC_NETTY("stubs over gRPC channel, Netty gRPC port", Wire.GRPC, new Color(0xaec7e8), true),

	/** The same stubs over the starter's ConnectChannel, calling the starter's web port. */
	CLIENT_CONNECT_PROTO("stubs over Connect proto", Wire.CONNECT_PROTO, new Color(0x2ca02c), true);

	private final String label;

	private final Wire wire;

	private final Color color;

	private final boolean clientDriven;

	Family(String label, Wire wire, Color color) {
		this(label, wire, color, false);
	}

	Family(String label, Wire wire, Color color, boolean clientDriven) {
		this.label = label;
		this.wire = wire;
		this.color = color;
		this.clientDriven = clientDriven;
	}

	String label() {
		return this.label;
	}

	Wire wire() {
		return this.wire;
	}

	Color color() {
		return this.color;
	}

	/**
	 * @return whether the Java client driver calls it, so that the client is what is measured
	 */
	boolean clientDriven() {
		return this.clientDriven;
	}

}
