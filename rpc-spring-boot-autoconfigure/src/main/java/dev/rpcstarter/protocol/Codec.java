package dev.rpcstarter.protocol;

/**
 * How messages are written on the wire: binary protobuf or the canonical proto3 JSON mapping.
 */
public enum Codec {

	/** Binary protobuf: {@code application/proto}, {@code application/connect+proto}. */
	PROTO("proto"),

	/** The canonical proto3 JSON mapping: {@code application/json}, {@code application/connect+json}. */
	JSON("json");

	private final String subtype;

	Codec(String subtype) {
		this.subtype = subtype;
	}

	/**
	 * The name that follows {@code application/} or {@code +} in a content type.
	 * @return {@code proto} or {@code json}
	 */
	public String subtype() {
		return this.subtype;
	}

}
