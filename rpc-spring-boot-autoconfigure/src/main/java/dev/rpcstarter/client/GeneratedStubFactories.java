package dev.rpcstarter.client;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.AbstractStub;

import org.springframework.util.ReflectionUtils;

/**
 * Finds how to create a protoc-generated stub: the static factory method of its enclosing
 * {@code *Grpc} class that takes a {@link Channel} and returns the stub type
 * ({@code newBlockingStub}, {@code newStub}, {@code newFutureStub}, {@code newBlockingV2Stub}).
 * Looked up once per stub type, then cached.
 */
class GeneratedStubFactories {

	private final Map<Class<?>, Optional<Method>> factoryMethods = new ConcurrentHashMap<>();

	/**
	 * How to create stubs of the given type.
	 * @throws InvalidClientConfigurationException if the type is not a generated stub
	 */
	Function<Channel, Object> factoryFor(Class<?> stubType) {
		Method factoryMethod = this.factoryMethods
			.computeIfAbsent(stubType, GeneratedStubFactories::findFactoryMethod)
			.orElseThrow(() -> new InvalidClientConfigurationException("has type " + stubType.getName()
					+ ", which is not a generated gRPC stub: use a blocking, async, future or blocking-v2 stub"
					+ " nested in a generated *Grpc class (for example EmailServiceGrpc.EmailServiceBlockingStub)"));
		return (channel) -> ReflectionUtils.invokeMethod(factoryMethod, null, channel);
	}

	/**
	 * The service whose methods a stub calls, from its {@code *Grpc} class.
	 * @param stubType a type that {@link #factoryFor} accepted
	 * @return the service
	 */
	ServiceDescriptor serviceOf(Class<?> stubType) {
		Method getter = ReflectionUtils.findMethod(stubType.getEnclosingClass(), "getServiceDescriptor");
		return (ServiceDescriptor) ReflectionUtils.invokeMethod(getter, null);
	}

	private static Optional<Method> findFactoryMethod(Class<?> stubType) {
		Class<?> grpcClass = stubType.getEnclosingClass();
		if (!AbstractStub.class.isAssignableFrom(stubType) || grpcClass == null) {
			return Optional.empty();
		}
		return Arrays.stream(grpcClass.getMethods())
			.filter((method) -> Modifier.isStatic(method.getModifiers()))
			.filter((method) -> method.getReturnType() == stubType)
			.filter((method) -> Arrays.equals(method.getParameterTypes(), new Class<?>[] { Channel.class }))
			.findFirst();
	}

}
