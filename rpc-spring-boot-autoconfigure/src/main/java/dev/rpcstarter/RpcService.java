package dev.rpcstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.service.GrpcService;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a bean that extends a protoc-generated {@code *ImplBase} as an RPC service.
 *
 * <p>The one bean is served as native gRPC on {@code grpc.server.port} and, on the web
 * server's port, over the Connect protocol (JSON and binary). Both paths run the same
 * {@link io.grpc.ServerServiceDefinition} with the same global and per-service interceptors,
 * so a service behaves alike whichever protocol a caller picks.
 *
 * <pre>{@code
 * @RpcService
 * class UserServiceImpl extends UserServiceGrpc.UserServiceImplBase { ... }
 * }</pre>
 *
 * <p>This annotation is a specialisation of net.devh's {@link GrpcService} (and therefore a
 * Spring {@code @Service}): the classpath scan picks it up as a component.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@GrpcService
public @interface RpcService {

	/**
	 * Interceptors, by type, that apply to this service only, after the global ones.
	 * @return the interceptor types, resolved as beans or instantiated if there is none
	 */
	@AliasFor(annotation = GrpcService.class, attribute = "interceptors")
	Class<? extends ServerInterceptor>[] interceptors() default {};

	/**
	 * Interceptors, by bean name, that apply to this service only, after the global ones.
	 * @return the bean names of the interceptors
	 */
	@AliasFor(annotation = GrpcService.class, attribute = "interceptorNames")
	String[] interceptorNames() default {};

	/**
	 * Whether to sort this service's interceptors together with the global ones by their
	 * {@code @Order}, instead of running the global ones first.
	 * @return whether to sort all interceptors together
	 */
	@AliasFor(annotation = GrpcService.class, attribute = "sortInterceptors")
	boolean sortInterceptors() default false;

}
