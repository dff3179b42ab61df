package dev.rpcstarter.client;

/**
 * A client setting that start-up cannot work with. The message is the second half of a
 * sentence ("has no address: set ..."); {@link RpcClientStubProvider} prefixes the
 * injection point it was found at.
 */
class InvalidClientConfigurationException extends RuntimeException {

	InvalidClientConfigurationException(String problem) {
		super(problem);
	}

	InvalidClientConfigurationException(String problem, Throwable cause) {
		super(problem, cause);
	}

}
