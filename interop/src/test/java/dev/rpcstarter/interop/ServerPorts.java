package dev.rpcstarter.interop;

/**
 * The ports of a running interop server.
 * @param web the Spring MVC web server's port, where the HTTP bridge answers
 * @param grpc net.devh's gRPC server port
 */
record ServerPorts(int web, int grpc) {
}
