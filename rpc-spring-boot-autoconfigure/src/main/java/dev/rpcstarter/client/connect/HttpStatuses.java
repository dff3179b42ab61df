package dev.rpcstarter.client.connect;

import dev.rpcstarter.protocol.ConnectCodes;
import io.grpc.Status;

/**
 * The status of a response whose HTTP status is an error and whose body says nothing more.
 */
final class HttpStatuses {

	private HttpStatuses() {
	}

	static Status toStatus(int httpStatus) {
		return Status.fromCode(ConnectCodes.fromHttpStatus(httpStatus)).withDescription("HTTP status " + httpStatus);
	}

}
