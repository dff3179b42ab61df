package dev.rpcstarter.interop;

/**
 * What a client script does in one run; each script takes the scenario's name as its last
 * argument (see {@code scripts/lib/interop-service.mjs} for the requests).
 */
enum Scenario {

	/** Echo: one request, one response. */
	UNARY("unary"),

	/** Count: three messages from the server. */
	SERVER_STREAM("server-stream"),

	/** Join: three messages from the client, joined in one response. */
	CLIENT_STREAM("client-stream"),

	/** Join with one-letter messages, each in a DATA frame of a few bytes. */
	TINY_CLIENT_STREAM("tiny-client-stream"),

	/** Chat, full duplex: the client sends a message only after the answer to the previous one. */
	BIDI("bidi"),

	/** Chat, half duplex: the client sends every message and half-closes before reading. */
	BIDI_HALF_DUPLEX("bidi-half-duplex"),

	/** Fail: an error with code, message and a google.rpc.ErrorInfo detail. */
	ERROR("error"),

	/** Echo with an ASCII and a binary header, answered in response headers and a trailer. */
	METADATA("metadata"),

	/** Sleep for 5 s with a 1 s deadline. */
	DEADLINE("deadline"),

	/** Lookup, a NO_SIDE_EFFECTS method, with Connect's GET. */
	GET("get"),

	/** Echo of a 4.8 KB text, gzip-compressed both ways. */
	GZIP("gzip"),

	/** Count with the client aborting after two messages, then one more Echo. */
	CANCEL("cancel");

	private final String argument;

	Scenario(String argument) {
		this.argument = argument;
	}

	String argument() {
		return this.argument;
	}

}
