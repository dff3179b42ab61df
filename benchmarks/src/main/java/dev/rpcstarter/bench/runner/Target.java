package dev.rpcstarter.bench.runner;

import java.nio.file.Path;

import com.google.protobuf.Message;

/**
 * One thing to measure: a server, a protocol, a transport and a request body.
 *
 * @param family the kind of server and protocol
 * @param http2 whether it is called over HTTP/2 (h2load) rather than HTTP/1.1 (wrk)
 * @param executor what runs the service code, as reported
 * @param server the server process
 * @param port the port on 127.0.0.1
 * @param path the request path
 * @param request the request message
 * @param body the request body file, {@code request} in the family's wire format
 * @param messagesPerCall response messages per call: 1, or the count of a stream
 * @param build the build the server runs, in a comparison of two builds; empty otherwise
 */
record Target(Family family, boolean http2, String executor, ServerProcess server, int port, String path,
		Message request, Path body, int messagesPerCall, String build) {

	Target(Family family, boolean http2, String executor, ServerProcess server, int port, String path, Message request,
			Path body, int messagesPerCall) {
		this(family, http2, executor, server, port, path, request, body, messagesPerCall, "");
	}

	/**
	 * @param build names the build the server runs
	 * @return this target, named apart from the same target of another build
	 */
	Target ofBuild(String build) {
		return new Target(this.family, this.http2, this.executor, this.server, this.port, this.path, this.request,
				this.body, this.messagesPerCall, build);
	}

	/**
	 * A name that tells targets apart in tables.
	 * @return the name
	 */
	String name() {
		String transport = (this.family.wire() == Wire.GRPC) ? "" : (this.http2 ? " h2c" : " h1");
		boolean serverGrpc = this.family.wire() == Wire.GRPC && !this.family.clientDriven();
		String executorNote = serverGrpc ? " (" + this.executor + ")" : "";
		String buildNote = this.build.isEmpty() ? "" : " [" + this.build + "]";
		return this.family.label() + transport + executorNote + buildNote;
	}

	Wire wire() {
		return this.family.wire();
	}

}
