package dev.rpcstarter.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Skips {@code rpc.client.enabled} when {@link RpcClientProperties} is bound.
 *
 * <p>Every other key under {@code rpc.client} is a client name, so without this the binder
 * would try to turn the switch's "true" into a client and fail start-up.
 */
class EnabledSwitchBindHandlerAdvisor implements ConfigurationPropertiesBindHandlerAdvisor {

	static final ConfigurationPropertyName ENABLED_SWITCH = ConfigurationPropertyName.of("rpc.client.enabled");

	@Override
	public BindHandler apply(BindHandler bindHandler) {
		return new AbstractBindHandler(bindHandler) {

			@Override
			public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target, BindContext context) {
				return ENABLED_SWITCH.equals(name) ? null : super.onStart(name, target, context);
			}

		};
	}

}
