package dev.rpcstarter.client;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.grpc.ClientInterceptor;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@link ClientInterceptor} beans of the context, split in two: those that some client
 * lists by name in {@code rpc.client.<name>.interceptors} apply to those clients only; all
 * the others apply to every client.
 */
class ClientInterceptorBeans {

	private final ObjectProvider<ClientInterceptor> all;

	private final BeanFactory beans;

	private final Set<String> listedNames;

	/**
	 * @param listedNames the bean names listed by any client, {@code rpc.client.default} included
	 */
	ClientInterceptorBeans(ObjectProvider<ClientInterceptor> all, BeanFactory beans, Collection<String> listedNames) {
		this.all = all;
		this.beans = beans;
		this.listedNames = Set.copyOf(listedNames);
	}

	/**
	 * @return the interceptors of every client, in {@code @Order} order
	 */
	List<ClientInterceptor> global() {
		List<ClientInterceptor> listed = this.listedNames.stream()
			.filter(this.beans::containsBean)
			.map((name) -> this.beans.getBean(name))
			.filter(ClientInterceptor.class::isInstance)
			.map(ClientInterceptor.class::cast)
			.toList();
		return this.all.orderedStream().filter((bean) -> listed.stream().noneMatch((own) -> own == bean)).toList();
	}

	/**
	 * @return the interceptors a client lists, in its order
	 * @throws InvalidClientConfigurationException naming a listed bean that is missing or of
	 * another type
	 */
	List<ClientInterceptor> listedBy(NamedClient client) {
		return client.settings().getInterceptors().stream().map((name) -> {
			try {
				return this.beans.getBean(name, ClientInterceptor.class);
			}
			catch (BeansException ex) {
				throw new InvalidClientConfigurationException("lists '" + name + "' in "
						+ client.property("interceptors") + ", which is not a ClientInterceptor bean: " + ex.getMessage());
			}
		}).toList();
	}

}
