package dev.rpcstarter.server;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.util.JsonFormat;
import dev.rpcstarter.server.RpcServiceRegistry.RpcMethod;
import dev.rpcstarter.test.v1.LibraryServiceGrpc;
import dev.rpcstarter.test.v1.bad.MalformedTemplateGrpc;
import dev.rpcstarter.test.v1.bad.MessagePathFieldGrpc;
import dev.rpcstarter.test.v1.bad.StreamingPathRouteGrpc;
import dev.rpcstarter.test.v1.bad.StreamingRouteGrpc;
import dev.rpcstarter.test.v1.bad.UnknownBodyFieldGrpc;
import dev.rpcstarter.test.v1.bad.UnknownPathFieldGrpc;
import dev.rpcstarter.test.v1.bad.UnknownResponseFieldGrpc;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Reading REST routes from the google.api.http options of served methods.
 */
class RestRoutesTests {

	private static final BindableService LIBRARY = new LibraryServiceGrpc.LibraryServiceImplBase() {
	};

	@Test
	void theMoreSpecificTemplateWinsAndStreamsHaveRoutes() {
		RestRoutes routes = RestRoutes.of(methodsOf(LIBRARY));

		assertThat(routes.find("GET", "/v1/shelves/1/books/2").route().method().definition().getMethodDescriptor()
			.getBareMethodName()).isEqualTo("GetBook");
		assertThat(routes.find("POST", "/v1/shelves/1/books/2:archive").route().method().definition()
			.getMethodDescriptor().getBareMethodName()).isEqualTo("ArchiveBook");
		assertThat(routes.find("GET", "/v1/shelves/1/books:stream").route().method().definition()
			.getMethodDescriptor().getBareMethodName()).isEqualTo("StreamBooks");
		assertThat(routes.find("POST", "/v1/books:review").route().method().definition().getMethodDescriptor()
			.getBareMethodName()).as("a bidirectional stream").isEqualTo("ReviewBooks");
		assertThat(routes.find("HEAD", "/v1/shelves/1/books/2")).isNull();
	}

	@Test
	void twoRulesForTheSamePathsFailNamingBoth() {
		assertThatIllegalStateException().isThrownBy(() -> RestRoutes.of(methodsOf(LIBRARY, LIBRARY)))
			.withMessageStartingWith("google.api.http of rpcstarter.test.v1.LibraryService/")
			.withMessageContaining("matches the same paths as");
	}

	static List<Arguments> badRules() {
		return List.of(
				Arguments.of(new UnknownPathFieldGrpc.UnknownPathFieldImplBase() {
				}, "google.api.http of rpcstarter.test.v1.UnknownPathField/Get: "
						+ "missing: rpcstarter.test.v1.BadRequest has no field missing"),
				Arguments.of(new UnknownBodyFieldGrpc.UnknownBodyFieldImplBase() {
				}, "google.api.http of rpcstarter.test.v1.UnknownBodyField/Post: "
						+ "body names missing, which is not a field of rpcstarter.test.v1.BadRequest"),
				Arguments.of(new UnknownResponseFieldGrpc.UnknownResponseFieldImplBase() {
				}, "google.api.http of rpcstarter.test.v1.UnknownResponseField/Get: "
						+ "response_body names missing, which is not a field of rpcstarter.test.v1.BadRequest"),
				Arguments.of(new MessagePathFieldGrpc.MessagePathFieldImplBase() {
				}, "google.api.http of rpcstarter.test.v1.MessagePathField/Get: nested is a message, "
						+ "which a URL cannot fill; name one of its fields instead, as nested.<field>"),
				Arguments.of(new StreamingRouteGrpc.StreamingRouteImplBase() {
				}, "google.api.http of rpcstarter.test.v1.StreamingRoute/Watch: "
						+ "a method that streams requests takes them whole from the body; declare body: \"*\""),
				Arguments.of(new StreamingPathRouteGrpc.StreamingPathRouteImplBase() {
				}, "google.api.http of rpcstarter.test.v1.StreamingPathRoute/Upload: "
						+ "a method that streams requests takes them whole from the body, but the path fills name"),
				Arguments.of(new MalformedTemplateGrpc.MalformedTemplateImplBase() {
				}, "google.api.http of rpcstarter.test.v1.MalformedTemplate/Get: "
						+ "invalid path template \"/v1/**/tail\": ** may only be its last segment"));
	}

	@ParameterizedTest
	@MethodSource("badRules")
	void ruleThatCannotBeServedFailsNamingItsMethodAndWhy(BindableService service, String message) {
		assertThatIllegalStateException().isThrownBy(() -> RestRoutes.of(methodsOf(service))).withMessage(message);
	}

	private static List<RpcMethod<?, ?>> methodsOf(BindableService... services) {
		List<RpcMethod<?, ?>> methods = new ArrayList<>();
		for (BindableService service : services) {
			ServerServiceDefinition definition = service.bindService();
			definition.getMethods()
				.forEach((method) -> methods.add(RpcMethod.of(method, JsonFormat.TypeRegistry.getEmptyTypeRegistry())));
		}
		return methods;
	}

}
