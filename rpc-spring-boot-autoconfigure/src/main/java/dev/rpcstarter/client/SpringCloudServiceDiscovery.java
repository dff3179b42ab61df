package dev.rpcstarter.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationListener;

/**
 * {@link ServiceDiscovery} through Spring Cloud's {@link DiscoveryClient}, whichever registry
 * is behind it (Eureka, Consul, Kubernetes, the properties of SimpleDiscoveryClient...).
 * Besides the fixed interval, every watch lists again on a {@link HeartbeatEvent}, which
 * registries publish when their view of the services changed.
 */
class SpringCloudServiceDiscovery implements ServiceDiscovery, ApplicationListener<HeartbeatEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(SpringCloudServiceDiscovery.class);

	private final ObjectProvider<DiscoveryClient> discoveryClient;

	private final Set<ServiceWatch> watches = ConcurrentHashMap.newKeySet();

	/** One daemon thread lists for every watch: listings are rare and short. */
	private final ScheduledExecutorService scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
		Thread thread = new Thread(task, "rpc-client-discovery");
		thread.setDaemon(true);
		return thread;
	});

	SpringCloudServiceDiscovery(ObjectProvider<DiscoveryClient> discoveryClient) {
		this.discoveryClient = discoveryClient;
	}

	@Override
	public String missing() {
		return (this.discoveryClient.getIfAvailable() != null) ? null
				: "a DiscoveryClient bean (add a Spring Cloud discovery starter, e.g. spring-cloud-starter-netflix-eureka-client,"
						+ " or list instances under spring.cloud.discovery.client.simple.instances)";
	}

	@Override
	public Watch watch(String serviceId, Duration interval, Consumer<List<HostAndPort>> listener) {
		ServiceWatch watch = new ServiceWatch(serviceId, listener);
		watch.list();
		watch.periodic = this.scheduler.scheduleWithFixedDelay(watch::list, interval.toNanos(), interval.toNanos(),
				TimeUnit.NANOSECONDS);
		this.watches.add(watch);
		return watch;
	}

	@Override
	public void onApplicationEvent(HeartbeatEvent event) {
		this.watches.forEach(ServiceWatch::refresh);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.watches.clear();
	}

	private final class ServiceWatch implements Watch {

		private final String serviceId;

		private final Consumer<List<HostAndPort>> listener;

		private volatile ScheduledFuture<?> periodic;

		ServiceWatch(String serviceId, Consumer<List<HostAndPort>> listener) {
			this.serviceId = serviceId;
			this.listener = listener;
		}

		void list() {
			List<HostAndPort> instances;
			try {
				instances = SpringCloudServiceDiscovery.this.discoveryClient.getObject()
					.getInstances(this.serviceId)
					.stream()
					.map((instance) -> new HostAndPort(instance.getHost(), instance.getPort()))
					.toList();
			}
			catch (RuntimeException ex) {
				// A registry that is briefly unreachable must not empty the list: calls keep
				// going to the instances known last.
				logger.warn("Cannot list the instances of '" + this.serviceId + "', keeping the last ones", ex);
				return;
			}
			this.listener.accept(instances);
		}

		@Override
		public void refresh() {
			SpringCloudServiceDiscovery.this.scheduler.execute(this::list);
		}

		@Override
		public void close() {
			ScheduledFuture<?> periodic = this.periodic;
			if (periodic != null) {
				periodic.cancel(false);
			}
			SpringCloudServiceDiscovery.this.watches.remove(this);
		}

	}

}
