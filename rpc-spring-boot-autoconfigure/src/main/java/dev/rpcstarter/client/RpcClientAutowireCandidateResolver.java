package dev.rpcstarter.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.util.function.Supplier;

import dev.rpcstarter.RpcClient;

import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.core.MethodParameter;

/**
 * Wraps the bean factory's resolver so that a constructor or {@code @Bean} method parameter
 * annotated {@link RpcClient} is answered with a stub instead of a bean. Everything else
 * goes to the wrapped resolver unchanged.
 */
class RpcClientAutowireCandidateResolver implements AutowireCandidateResolver {

	private final AutowireCandidateResolver delegate;

	private final Supplier<RpcClientStubProvider> stubProvider;

	RpcClientAutowireCandidateResolver(AutowireCandidateResolver delegate,
			Supplier<RpcClientStubProvider> stubProvider) {
		this.delegate = delegate;
		this.stubProvider = stubProvider;
	}

	@Override
	public Object getSuggestedValue(DependencyDescriptor descriptor) {
		RpcClient client = descriptor.getAnnotation(RpcClient.class);
		if (client == null) {
			return this.delegate.getSuggestedValue(descriptor);
		}
		return this.stubProvider.get().stubFor(client, descriptor.getDependencyType(), describe(descriptor));
	}

	private static String describe(DependencyDescriptor descriptor) {
		MethodParameter parameter = descriptor.getMethodParameter();
		if (parameter == null) {
			return "field '" + descriptor.getDependencyName() + "' of " + descriptor.getDeclaredType().getName();
		}
		Executable executable = parameter.getExecutable();
		String owner = executable.getDeclaringClass().getName();
		String where = (executable instanceof Constructor) ? "the constructor of " + owner
				: "method " + owner + "." + executable.getName();
		return "parameter '" + descriptor.getDependencyName() + "' of " + where;
	}

	@Override
	public boolean isAutowireCandidate(BeanDefinitionHolder holder, DependencyDescriptor descriptor) {
		return this.delegate.isAutowireCandidate(holder, descriptor);
	}

	@Override
	public boolean isRequired(DependencyDescriptor descriptor) {
		return this.delegate.isRequired(descriptor);
	}

	@Override
	public boolean hasQualifier(DependencyDescriptor descriptor) {
		return this.delegate.hasQualifier(descriptor);
	}

	@Override
	public String getSuggestedName(DependencyDescriptor descriptor) {
		return this.delegate.getSuggestedName(descriptor);
	}

	@Override
	public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
		return this.delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
	}

	@Override
	public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
		return this.delegate.getLazyResolutionProxyClass(descriptor, beanName);
	}

	@Override
	public AutowireCandidateResolver cloneIfNecessary() {
		return new RpcClientAutowireCandidateResolver(this.delegate.cloneIfNecessary(), this.stubProvider);
	}

}
