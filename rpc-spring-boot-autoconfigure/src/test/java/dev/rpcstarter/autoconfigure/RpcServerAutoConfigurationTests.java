package dev.rpcstarter.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.rpcstarter.actuate.RpcMappingDescriptionProvider;
import dev.rpcstarter.actuate.RpcMappingDescriptionProvider.MethodMapping;
import dev.rpcstarter.actuate.RpcMappingDescriptionProvider.RestRouteMapping;
import dev.rpcstarter.server.RpcServiceRegistry;
import dev.rpcstarter.server.UnhandledExceptionInterceptor;
import dev.rpcstarter.server.http.WebPortShutdown;
import dev.rpcstarter.test.v1.LibraryServiceGrpc;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import net.devh.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import net.devh.boot.grpc.server.interceptor.GlobalServerInterceptorRegistry;
import net.devh.boot.grpc.server.scope.GrpcRequestScope;
import net.devh.boot.grpc.server.service.GrpcServiceDefinition;
import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.web.mappings.MappingDescriptionProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

class RpcServerAutoConfigurationTests {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RpcServerAutoConfiguration.class))
		.withUserConfiguration(NoServices.class);

	@Test
	void servletWebApplicationGetsRegistryAndBridgeFilter() {
		this.web.run((context) -> {
			assertThat(context).hasSingleBean(RpcServiceRegistry.class);
			assertThat(context).hasBean("rpcHttpFilterRegistration");
			FilterRegistrationBean<?> registration = context.getBean("rpcHttpFilterRegistration",
					FilterRegistrationBean.class);
			assertThat(registration.isAsyncSupported()).isTrue();
			assertThat(registration.getUrlPatterns()).containsExactly("/*");
			assertThat(registration.getOrder()).isZero();
		});
	}

	@Test
	void filterOrderIsConfigurable() {
		this.web.withPropertyValues("rpc.http.filter-order=-50")
			.run((context) -> assertThat(context.getBean("rpcHttpFilterRegistration", FilterRegistrationBean.class)
				.getOrder()).isEqualTo(-50));
	}

	@Test
	void bridgeIsOffWhenDisabled() {
		this.web.withPropertyValues("rpc.http.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RpcServiceRegistry.class);
			assertThat(context).doesNotHaveBean("rpcHttpFilterRegistration");
		});
	}

	@Test
	void actuatorsMappingsListTheMethodsAndTheirRestRoutes() {
		WebApplicationContextRunner library = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RpcServerAutoConfiguration.class))
			.withUserConfiguration(LibraryOnly.class);
		library.run((context) -> {
			RpcMappingDescriptionProvider mappings = context.getBean(RpcMappingDescriptionProvider.class);
			MethodMapping getBook = mappings.describeMappings(context)
				.stream()
				.filter((service) -> service.service().equals("rpcstarter.test.v1.LibraryService"))
				.flatMap((service) -> service.methods().stream())
				.filter((method) -> method.method().equals("GetBook"))
				.findFirst()
				.orElseThrow();
			assertThat(mappings.getMappingName()).isEqualTo("rpc");
			assertThat(getBook.path()).isEqualTo("/rpcstarter.test.v1.LibraryService/GetBook");
			assertThat(getBook.type()).isEqualTo(MethodDescriptor.MethodType.UNARY);
			assertThat(getBook.restRoutes()).containsExactly(
					new RestRouteMapping("GET", "/v1/{name=shelves/*/books/*}", "", ""),
					new RestRouteMapping("GET", "/v1/books/{name}", "", ""));
		});
		library.withClassLoader(new FilteredClassLoader(MappingDescriptionProvider.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RpcMappingDescriptionProvider.class));
	}

	@Test
	void restRoutesAreReadUnlessRestOrTheBridgeIsOff() {
		WebApplicationContextRunner library = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RpcServerAutoConfiguration.class))
			.withUserConfiguration(LibraryOnly.class);
		library.run((context) -> assertThat(context.getBean(RpcServiceRegistry.class)
			.restRoute("GET", "/v1/shelves/1/books/1")).isNotNull());
		for (String off : new String[] { "rpc.http.rest.enabled=false", "rpc.http.enabled=false" }) {
			library.withPropertyValues(off).run((context) -> assertThat(context.getBean(RpcServiceRegistry.class)
				.restRoute("GET", "/v1/shelves/1/books/1")).as(off).isNull());
		}
	}

	@Test
	void nonWebApplicationHasNoBridgeFilter() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RpcServerAutoConfiguration.class))
			.withUserConfiguration(NoServices.class)
			.run((context) -> assertThat(context).doesNotHaveBean("rpcHttpFilterRegistration"));
	}

	@Test
	void backsOffWithoutTheGrpcServerStarter() {
		this.web.withClassLoader(new FilteredClassLoader(GrpcServiceDiscoverer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RpcServiceRegistry.class));
	}

	@Test
	void userRegistryWins() {
		this.web.withUserConfiguration(UserRegistry.class)
			.run((context) -> assertThat(context.getBean(RpcServiceRegistry.class))
				.isSameAs(context.getBean(UserRegistry.class).registry));
	}

	@Test
	void openApiDocumentIsServedOnlyWhenAskedFor() {
		this.web.run((context) -> assertThat(context).doesNotHaveBean("rpcOpenApiServletRegistration"));
		this.web.withPropertyValues("rpc.http.rest.openapi.enabled=true", "rpc.http.rest.openapi.path=/api/openapi.json")
			.run((context) -> assertThat(context.getBean("rpcOpenApiServletRegistration", ServletRegistrationBean.class)
				.getUrlMappings()).containsExactly("/api/openapi.json"));
	}

	@Test
	void openApiDocumentWithoutRestRoutesOrWithARelativePathFailsStartUp() {
		this.web.withPropertyValues("rpc.http.rest.openapi.enabled=true", "rpc.http.rest.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("rpc.http.rest.openapi.enabled=true describes REST routes, but "
						+ "rpc.http.rest.enabled=false turns them off"));
		this.web.withPropertyValues("rpc.http.rest.openapi.enabled=true", "rpc.http.rest.openapi.path=openapi.json")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("rpc.http.rest.openapi.path must start with /, but is \"openapi.json\""));
	}

	@Test
	void aDescriptorSetThatIsMissingOrBrokenFailsStartUp(@TempDir Path directory) throws IOException {
		Path broken = Files.write(directory.resolve("broken.binpb"), new byte[] { 0x0A, 0x05, 0x01 });
		this.web.withPropertyValues("rpc.http.rest.openapi.enabled=true",
				"rpc.http.rest.openapi.descriptor-sets=classpath:META-INF/rpc/missing.binpb")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("no descriptor set at classpath:META-INF/rpc/missing.binpb"));
		this.web.withPropertyValues("rpc.http.rest.openapi.enabled=true",
				"rpc.http.rest.openapi.descriptor-sets=" + broken.toUri())
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("broken.binpb] is not a protobuf FileDescriptorSet"));
		this.web.withPropertyValues("rpc.http.rest.openapi.enabled=true",
				"rpc.http.rest.openapi.descriptor-sets=classpath*:META-INF/nowhere/*.binpb")
			.run((context) -> assertThat(context).as("a pattern may find nothing").hasNotFailed());
	}

	@Test
	void aShutdownGracePeriodNotShorterThanTheShutdownPhaseFailsStartUp() {
		this.web.run((context) -> assertThat(context).hasSingleBean(WebPortShutdown.class));
		this.web.withPropertyValues("rpc.http.shutdown-grace-period=30s")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("rpc.http.shutdown-grace-period (PT30S) must be at least 0 and shorter than "
						+ "spring.lifecycle.timeout-per-shutdown-phase (PT30S)"));
		this.web.withPropertyValues("rpc.http.shutdown-grace-period=30s", "spring.lifecycle.timeout-per-shutdown-phase=1m")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void maxMessageSizeBelowOneByteFailsStartUpNamingTheProperty() {
		this.web.withPropertyValues("rpc.http.max-message-size=0B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("rpc.http.max-message-size"));
	}

	@Test
	void minResponseSizeBelowOneByteFailsStartUpNamingTheProperty() {
		this.web.withPropertyValues("rpc.http.compression.min-response-size=0B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("rpc.http.compression.min-response-size must be between 1B"));
	}

	@Test
	void credentialsWithAnyOriginFailStartUpNamingTheProperties() {
		this.web.withPropertyValues("rpc.http.cors.allowed-origins=*", "rpc.http.cors.allow-credentials=true")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("rpc.http.cors.allowed-origins needs explicit origins"));
	}

	@Test
	void requestScopeInterceptorIsDroppedWhenNoBeanUsesTheScope() {
		this.web.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(GlobalServerInterceptorRegistry.class).getServerInterceptors())
				.hasAtLeastOneElementOfType(UnhandledExceptionInterceptor.class)
				.doesNotHaveAnyElementsOfTypes(GrpcRequestScope.class));
	}

	@Test
	void requestScopeInterceptorStaysWhenABeanUsesTheScope() {
		this.web.withConfiguration(AutoConfigurations.of(GrpcServerAutoConfiguration.class))
			.withUserConfiguration(RequestScopedBean.class)
			.run((context) -> assertThat(context.getBean(GlobalServerInterceptorRegistry.class).getServerInterceptors())
				.hasAtLeastOneElementOfType(GrpcRequestScope.class));
	}

	@Test
	void reflectionV1IsServedUnlessReflectionIsOff() {
		this.web.run((context) -> assertThat(context).hasSingleBean(ProtoReflectionServiceV1.class));
		this.web.withPropertyValues("grpc.server.reflection-service-enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProtoReflectionServiceV1.class));
		this.web.withClassLoader(new FilteredClassLoader(ProtoReflectionServiceV1.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("rpcProtoReflectionServiceV1"));
	}

	@Test
	void applicationsOwnReflectionV1Wins() {
		this.web.withBean("ownReflection", ProtoReflectionServiceV1.class,
				() -> (ProtoReflectionServiceV1) ProtoReflectionServiceV1.newInstance())
			.run((context) -> assertThat(context).hasSingleBean(ProtoReflectionServiceV1.class)
				.hasBean("ownReflection"));
	}

	@Configuration(proxyBeanMethods = false)
	static class NoServices {

		@Bean
		GrpcServiceDiscoverer grpcServiceDiscoverer() {
			return List::of;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LibraryOnly {

		@Bean
		GrpcServiceDiscoverer grpcServiceDiscoverer() {
			BindableService library = new LibraryServiceGrpc.LibraryServiceImplBase() {
			};
			return () -> List.of(new GrpcServiceDefinition("library", library.getClass(), library.bindService()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RequestScopedBean {

		@Bean
		@Scope(GrpcRequestScope.GRPC_REQUEST_SCOPE_NAME)
		StringBuilder perCallBuffer() {
			return new StringBuilder();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistry {

		final RpcServiceRegistry registry = new RpcServiceRegistry(List::of, false);

		@Bean
		RpcServiceRegistry customRegistry() {
			return this.registry;
		}

	}

}
