package dev.rpcstarter.interop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;

/**
 * Runs a parameterized test once for every {@link ThirdPartyClient} that can run a scenario.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(ClientsFor.Provider.class)
@interface ClientsFor {

	/** @return the scenario the test runs */
	Scenario value();

	/** Lists the clients. */
	class Provider implements ArgumentsProvider, AnnotationConsumer<ClientsFor> {

		private ClientsFor clients;

		@Override
		public void accept(ClientsFor clients) {
			this.clients = clients;
		}

		@Override
		public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
			Scenario scenario = this.clients.value();
			return Arrays.stream(ThirdPartyClient.values())
				.filter((client) -> client.canRun(scenario))
				.map(Arguments::of);
		}

	}

}
