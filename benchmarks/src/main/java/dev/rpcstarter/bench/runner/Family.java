package dev.rpcstarter.bench.runner;

import java.awt.Color;

/**
 * What kind of server and protocol a target is; decides its wire format and its colour in the
 * chart.
 */
enum Family {

	RAW_GRPC("raw grpc-java", Wire.GRPC, new Color(0x7f7f7f)),

	STARTER_GRPC("starter gRPC", Wire.GRPC, new Color(0x1f77b4)),

	CONNECT_PROTO("starter Connect proto", Wire.CONNECT_PROTO, new Color(0x2ca02c)),

	/** Connect server streaming, binary, on the same web port. */
	CONNECT_STREAM_PROTO("starter Connect proto", Wire.CONNECT_STREAM_PROTO, new Color(0x2ca02c)),

	CONNECT_JSON("starter Connect JSON", Wire.CONNECT_JSON, new Color(0x98df8a)),

	REST_JSON("Spring MVC REST JSON", Wire.REST_JSON, new Color(0xff7f0e));

	private final String label;

	private final Wire wire;

	private final Color color;

	Family(String label, Wire wire, Color color) {
		this.label = label;
		this.wire = wire;
		this.color = color;
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

}
