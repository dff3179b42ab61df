package dev.rpcstarter.server.http;

/**
 * What every protocol of the web port serves its calls with.
 *
 * @param calls starts calls
 * @param maxMessageSize the largest request message, in bytes, after decompression
 * @param responseCompression which response messages are compressed unless the service
 * chooses for its call
 * @param heldFlushes flushes what streaming responses held back
 */
record ProtocolSupport(HttpCalls calls, int maxMessageSize, ResponseCompression responseCompression,
		HeldFlushes heldFlushes) {
}
