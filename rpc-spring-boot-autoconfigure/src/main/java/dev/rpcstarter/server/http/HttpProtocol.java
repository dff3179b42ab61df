package dev.rpcstarter.server.http;

import java.io.IOException;

import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One wire protocol of the HTTP bridge. A protocol reads a request into an
 * {@link HttpServerCall} and gives the call a {@link CallResponse} that writes the protocol's
 * response; the call model in between is the same for all of them.
 */
interface HttpProtocol {

	/**
	 * Whether requests of a media type belong to this protocol.
	 * @param mediaType the request's content type in lower case, without parameters
	 * @return whether this protocol serves it
	 */
	boolean handles(String mediaType);

	/**
	 * Serves a request for a known method.
	 * @param method the method
	 * @param mediaType the request's media type, one this protocol {@linkplain #handles handles}
	 * @param request the request
	 * @param response the response
	 * @param <ReqT> the request type
	 * @param <RespT> the response type
	 * @throws IOException when an error cannot be written
	 */
	<ReqT, RespT> void serve(RpcMethod<ReqT, RespT> method, String mediaType, HttpServletRequest request,
			HttpServletResponse response) throws IOException;

}
