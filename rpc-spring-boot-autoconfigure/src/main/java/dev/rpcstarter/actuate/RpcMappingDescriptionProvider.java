package dev.rpcstarter.actuate;

import java.util.ArrayList;
import java.util.List;

import dev.rpcstarter.server.RestRoutes.RestRoute;
import dev.rpcstarter.server.RpcServiceRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;

import org.springframework.boot.actuate.web.mappings.MappingDescriptionProvider;
import org.springframework.context.ApplicationContext;

/**
 * The served RPC methods in Actuator's {@code mappings} endpoint, under {@code rpc}, beside
 * the application's servlets, filters and {@code @RequestMapping}s: every method of every
 * service with its path on the web port, and the REST routes that its {@code google.api.http}
 * option declares. The web port's filter answers these paths, so Spring MVC's own mappings
 * do not show them.
 */
public final class RpcMappingDescriptionProvider implements MappingDescriptionProvider {

	private final RpcServiceRegistry registry;

	/**
	 * @param registry the served methods and their routes
	 */
	public RpcMappingDescriptionProvider(RpcServiceRegistry registry) {
		this.registry = registry;
	}

	@Override
	public String getMappingName() {
		return "rpc";
	}

	@Override
	public List<ServiceMapping> describeMappings(ApplicationContext context) {
		List<RestRoute> routes = this.registry.restRoutes();
		List<ServiceMapping> services = new ArrayList<>();
		for (ServerServiceDefinition service : this.registry.services()) {
			List<MethodMapping> methods = new ArrayList<>();
			for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
				methods.add(MethodMapping.of(method.getMethodDescriptor(), routes));
			}
			services.add(new ServiceMapping(service.getServiceDescriptor().getName(), methods));
		}
		return services;
	}

	/**
	 * A served service.
	 * @param service its full name
	 * @param methods its methods
	 */
	public record ServiceMapping(String service, List<MethodMapping> methods) {
	}

	/**
	 * A served method.
	 * @param method its name
	 * @param type unary, or which way it streams
	 * @param path its path for Connect, gRPC-Web and gRPC on the web port
	 * @param restRoutes its REST routes
	 */
	public record MethodMapping(String method, MethodDescriptor.MethodType type, String path,
			List<RestRouteMapping> restRoutes) {

		static MethodMapping of(MethodDescriptor<?, ?> method, List<RestRoute> routes) {
			List<RestRouteMapping> restRoutes = routes.stream()
				.filter((route) -> route.method().definition().getMethodDescriptor().equals(method))
				.map(RestRouteMapping::of)
				.toList();
			return new MethodMapping(method.getBareMethodName(), method.getType(), "/" + method.getFullMethodName(),
					restRoutes);
		}

	}

	/**
	 * A REST route of a method.
	 * @param httpMethod its HTTP method
	 * @param path its path template
	 * @param body what its body fills: {@code *}, a field, or nothing
	 * @param responseBody the field of the response its answer is, or nothing for all of it
	 */
	public record RestRouteMapping(String httpMethod, String path, String body, String responseBody) {

		static RestRouteMapping of(RestRoute route) {
			return new RestRouteMapping(route.httpMethod(), route.path().toString(), route.body(),
					(route.responseField() != null) ? route.responseField().getName() : "");
		}

	}

}
