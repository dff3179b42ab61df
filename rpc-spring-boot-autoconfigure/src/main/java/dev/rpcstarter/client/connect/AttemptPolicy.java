package dev.rpcstarter.client.connect;

/**
 * How a call may be sent more than once: tried again after it failed ({@link RetryPolicy}), or
 * sent again while it is still waiting for an answer ({@link HedgingPolicy}). A method follows
 * one of them or none, as in gRPC's service config (gRFC A6).
 */
public sealed interface AttemptPolicy permits RetryPolicy, HedgingPolicy {

	/**
	 * @return attempts of a call at most, the first included
	 */
	int maxAttempts();

}
