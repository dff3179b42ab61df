package dev.rpcstarter.client;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.rpcstarter.RpcClient;

import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Sets {@link RpcClient} fields of any visibility, at the point where Spring injects
 * {@code @Autowired} fields, so stubs are there before init methods run.
 */
class RpcClientFieldInjector implements InstantiationAwareBeanPostProcessor {

	private final ObjectProvider<RpcClientStubProvider> stubProvider;

	private final Map<Class<?>, List<Field>> clientFields = new ConcurrentHashMap<>();

	// The provider is looked up on first use: a post-processor is created before ordinary
	// beans, and creating the channel beans that early would exclude them from post-processing.
	RpcClientFieldInjector(ObjectProvider<RpcClientStubProvider> stubProvider) {
		this.stubProvider = stubProvider;
	}

	@Override
	public PropertyValues postProcessProperties(PropertyValues values, Object bean, String beanName) {
		for (Field field : this.clientFields.computeIfAbsent(bean.getClass(), RpcClientFieldInjector::findClientFields)) {
			RpcClient client = field.getAnnotation(RpcClient.class);
			String injectionPoint = "field '" + field.getName() + "' of bean '" + beanName + "'";
			Object stub = this.stubProvider.getObject().stubFor(client, field.getType(), injectionPoint);
			ReflectionUtils.makeAccessible(field);
			ReflectionUtils.setField(field, bean, stub);
		}
		return values;
	}

	private static List<Field> findClientFields(Class<?> beanClass) {
		List<Field> fields = new ArrayList<>();
		ReflectionUtils.doWithFields(beanClass, fields::add,
				(field) -> field.isAnnotationPresent(RpcClient.class) && !Modifier.isStatic(field.getModifiers()));
		return fields;
	}

}
