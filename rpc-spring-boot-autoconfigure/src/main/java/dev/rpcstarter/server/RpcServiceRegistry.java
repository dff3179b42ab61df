package dev.rpcstarter.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorDetailsProto;
import dev.rpcstarter.protocol.MethodCodecs;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The methods of every service that the gRPC server serves, by path, for the HTTP protocols.
 *
 * <p>The definitions are the gRPC server's own: the same beans wrapped in the same global and
 * per-service interceptors. The registry is filled once, when every singleton exists, so that
 * no request pays for a lookup beyond one hash map access.
 */
public final class RpcServiceRegistry implements SmartInitializingSingleton {

	private final Supplier<Collection<ServerServiceDefinition>> definitions;

	private volatile Map<String, RpcMethod<?, ?>> methods = Map.of();

	private volatile List<ServerServiceDefinition> services = List.of();

	private volatile Set<String> serviceNames = Set.of();

	private final boolean readRestRoutes;

	private volatile RestRoutes restRoutes = RestRoutes.NONE;

	private volatile JsonFormat.TypeRegistry types = JsonFormat.TypeRegistry.getEmptyTypeRegistry();

	/**
	 * Creates a registry that reads its services once every singleton exists.
	 * @param definitions the service definitions, as the gRPC server has them
	 * @param readRestRoutes whether to read the REST routes that methods declare with
	 * {@code google.api.http} options
	 */
	public RpcServiceRegistry(Supplier<Collection<ServerServiceDefinition>> definitions, boolean readRestRoutes) {
		this.definitions = definitions;
		this.readRestRoutes = readRestRoutes;
	}

	/**
	 * Reads the service definitions, once the application context has created every service
	 * bean.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		Collection<ServerServiceDefinition> all = this.definitions.get();
		JsonFormat.TypeRegistry types = typeRegistry(all);
		Map<String, RpcMethod<?, ?>> byPath = new HashMap<>();
		List<String> names = new ArrayList<>();
		for (ServerServiceDefinition service : all) {
			names.add(service.getServiceDescriptor().getName());
			for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
				byPath.put("/" + method.getMethodDescriptor().getFullMethodName(), RpcMethod.of(method, types));
			}
		}
		this.methods = Map.copyOf(byPath);
		this.services = List.copyOf(all);
		this.serviceNames = Set.copyOf(names);
		this.types = types;
		if (this.readRestRoutes) {
			this.restRoutes = RestRoutes.of(byPath.values());
		}
	}

	/**
	 * Finds a method by its HTTP path.
	 * @param path {@code /<package>.<Service>/<Method>}
	 * @return the method, or {@code null}
	 */
	public RpcMethod<?, ?> method(String path) {
		return this.methods.get(path);
	}

	/**
	 * The REST routes served.
	 * @return the routes, in no particular order; none before every service is known, or when
	 * REST routes are off
	 */
	public List<RestRoutes.RestRoute> restRoutes() {
		return this.restRoutes.all();
	}

	/**
	 * Finds the method of a REST route.
	 * @param httpMethod the request's HTTP method
	 * @param rawPath the request's path as sent, percent-encoded, without the query
	 * @return the route and the values of its path variables, or {@code null}
	 */
	public RestRoutes.Match restRoute(String httpMethod, String rawPath) {
		return this.restRoutes.find(httpMethod, rawPath);
	}

	/**
	 * The message types of the services' .proto files and their imports, and those of
	 * {@code google.rpc}'s error details.
	 * @return the types that JSON can print in {@code google.protobuf.Any} fields
	 */
	public JsonFormat.TypeRegistry types() {
		return this.types;
	}

	/**
	 * Whether a service is served.
	 * @param fullServiceName for example {@code sample.user.v1.UserService}
	 * @return whether it is known
	 */
	public boolean hasService(String fullServiceName) {
		return this.serviceNames.contains(fullServiceName);
	}

	/**
	 * @return the definitions of the served services, as the gRPC server has them
	 */
	public List<ServerServiceDefinition> services() {
		return this.services;
	}

	/**
	 * Every message type of the services' .proto files and their imports, and the standard
	 * error details, so that JSON can print and read {@code google.protobuf.Any} fields
	 * holding them.
	 */
	private static JsonFormat.TypeRegistry typeRegistry(Collection<ServerServiceDefinition> services) {
		JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder();
		Set<String> seen = new HashSet<>();
		addFile(ErrorDetailsProto.getDescriptor(), types, seen);
		for (ServerServiceDefinition service : services) {
			ServiceDescriptor descriptor = service.getServiceDescriptor();
			if (descriptor.getSchemaDescriptor() instanceof ProtoFileDescriptorSupplier supplier) {
				addFile(supplier.getFileDescriptor(), types, seen);
			}
		}
		return types.build();
	}

	private static void addFile(FileDescriptor file, JsonFormat.TypeRegistry.Builder types, Set<String> seen) {
		if (!seen.add(file.getFullName())) {
			return;
		}
		for (Descriptor message : file.getMessageTypes()) {
			types.add(message);
		}
		for (FileDescriptor dependency : file.getDependencies()) {
			addFile(dependency, types, seen);
		}
	}

	/**
	 * One method as the HTTP protocols see it: its definition (handler with interceptors) and
	 * its codecs.
	 *
	 * @param <ReqT> the request type
	 * @param <RespT> the response type
	 * @param definition the server's definition of the method
	 * @param codecs the method's codecs
	 */
	public record RpcMethod<ReqT, RespT>(ServerMethodDefinition<ReqT, RespT> definition,
			MethodCodecs<ReqT, RespT> codecs) {

		static <ReqT, RespT> RpcMethod<ReqT, RespT> of(ServerMethodDefinition<ReqT, RespT> definition,
				JsonFormat.TypeRegistry types) {
			return new RpcMethod<>(definition, MethodCodecs.of(definition.getMethodDescriptor(), types));
		}

	}

}
