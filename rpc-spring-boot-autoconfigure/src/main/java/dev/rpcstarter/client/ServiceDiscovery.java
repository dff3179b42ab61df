package dev.rpcstarter.client;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.rpcstarter.client.connect.BaseUriPicker;

/**
 * Lists the instances of a service registered with a discovery service, again and again,
 * for {@code discovery:///service-id} addresses. Free of Spring Cloud types, so that the
 * channel factories load without Spring Cloud on the classpath;
 * {@link SpringCloudServiceDiscovery} is the implementation.
 */
interface ServiceDiscovery {

	/**
	 * @return whether there is a discovery client to ask, and if not, what is missing
	 */
	String missing();

	/**
	 * Lists the instances of a service now, on the calling thread, then every interval and
	 * whenever {@link Watch#refresh()} asks, on a thread of the discovery service.
	 * @param serviceId the service, as registered
	 * @param interval time between two listings
	 * @param listener gets each listing; an empty one when the service has no instance
	 * @return the watch, to refresh and to close
	 */
	Watch watch(String serviceId, Duration interval, Consumer<List<HostAndPort>> listener);

	/**
	 * The listings of one service for one channel: {@link #refresh()} lists the instances
	 * soon, without waiting for the interval, {@link #close()} stops the listings.
	 */
	interface Watch extends BaseUriPicker.Source {

	}

}
