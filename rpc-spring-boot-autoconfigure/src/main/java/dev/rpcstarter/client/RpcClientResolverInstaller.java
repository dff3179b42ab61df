package dev.rpcstarter.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.util.Assert;

/**
 * Installs {@link RpcClientAutowireCandidateResolver} around the resolver the context
 * already uses, so {@code @Autowired}, {@code @Qualifier} and {@code @Value} keep working.
 */
class RpcClientResolverInstaller implements BeanFactoryPostProcessor {

	private final ObjectProvider<RpcClientStubProvider> stubProvider;

	RpcClientResolverInstaller(ObjectProvider<RpcClientStubProvider> stubProvider) {
		this.stubProvider = stubProvider;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Assert.isInstanceOf(DefaultListableBeanFactory.class, beanFactory,
				"@RpcClient parameter injection needs a DefaultListableBeanFactory");
		DefaultListableBeanFactory factory = (DefaultListableBeanFactory) beanFactory;
		factory.setAutowireCandidateResolver(
				new RpcClientAutowireCandidateResolver(factory.getAutowireCandidateResolver(), this.stubProvider::getObject));
	}

}
