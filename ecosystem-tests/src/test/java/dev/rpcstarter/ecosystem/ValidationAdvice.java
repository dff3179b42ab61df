package dev.rpcstarter.ecosystem;

import io.grpc.Status;
import net.devh.boot.grpc.server.advice.GrpcAdvice;
import net.devh.boot.grpc.server.advice.GrpcExceptionHandler;

/** Turns the services' argument checks into {@code INVALID_ARGUMENT}, with their message. */
@GrpcAdvice
public class ValidationAdvice {

	@GrpcExceptionHandler(IllegalArgumentException.class)
	public Status invalidArgument(IllegalArgumentException ex) {
		return Status.INVALID_ARGUMENT.withDescription(ex.getMessage()).withCause(ex);
	}

}
