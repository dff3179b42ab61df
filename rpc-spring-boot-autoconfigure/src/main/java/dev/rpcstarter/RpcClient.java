package dev.rpcstarter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a protoc-generated stub (blocking, async or future) that calls the service
 * configured under {@code rpc.client.<name>.*} in {@code application.yml}.
 *
 * <pre>{@code
 * @RpcClient("email")
 * private EmailServiceGrpc.EmailServiceBlockingStub email;
 *
 * UserServiceImpl(@RpcClient("email") EmailServiceGrpc.EmailServiceFutureStub email) { ... }
 * }</pre>
 *
 * <p>All stubs of one client name share one channel, which is closed when the application
 * context closes. A client name without an address, or a field type that is not a generated
 * stub, fails start-up with a message that says what to change.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RpcClient {

	/**
	 * The client's name: the key of its settings under {@code rpc.client}.
	 * @return the client name
	 */
	String value();

}
