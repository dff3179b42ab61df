package dev.rpcstarter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.autoconfigure.RpcClientProperties;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;

import org.springframework.beans.factory.DisposableBean;

/**
 * Holds one channel per client name: created on the first injection of that name, shared by
 * every stub of it, and shut down when the application context closes.
 */
class ClientChannels implements DisposableBean {

	private static final Duration GRACE_PERIOD = Duration.ofSeconds(5);

	private final RpcChannelFactory channelFactory;

	private final Function<String, RpcClientProperties.Client> settings;

	private final ClientInterceptorBeans interceptors;

	private final Map<String, OpenChannel> channels = new ConcurrentHashMap<>();

	/**
	 * @param settings the merged settings of a client name
	 */
	ClientChannels(RpcChannelFactory channelFactory, Function<String, RpcClientProperties.Client> settings,
			ClientInterceptorBeans interceptors) {
		this.channelFactory = channelFactory;
		this.settings = settings;
		this.interceptors = interceptors;
	}

	/**
	 * The channel for stubs of a client name, with its interceptors.
	 * @param service the service of the stub
	 * @throws InvalidClientConfigurationException if the name's settings cannot make a channel
	 * for that service
	 */
	Channel channel(String clientName, ServiceDescriptor service) {
		if (RpcClientProperties.RESERVED_NAMES.contains(clientName)) {
			throw new InvalidClientConfigurationException("uses a reserved name: rpc.client." + clientName
					+ " is not a client (rpc.client.default.* holds the settings every client inherits,"
					+ " rpc.client.enabled the on/off switch); name the client differently");
		}
		OpenChannel open = this.channels.computeIfAbsent(clientName, (name) -> open(name, service));
		if (open.methodPoliciesOf() != null && !open.methodPoliciesOf().equals(service.getName())) {
			throw new InvalidClientConfigurationException("sets retries or hedging per method in rpc.client." + clientName
					+ ".methods, which the grpc protocol ties to one service per client: " + open.methodPoliciesOf()
					+ " was injected first, so " + service.getName() + " needs a client name of its own");
		}
		return open.intercepted();
	}

	private OpenChannel open(String clientName, ServiceDescriptor service) {
		NamedClient client = new NamedClient(clientName, this.settings.apply(clientName));
		// The interceptors are resolved first: a channel must not leak when one is missing.
		List<ClientInterceptor> interceptors = interceptorsOf(client);
		ManagedChannel channel = this.channelFactory.createChannel(clientName, service);
		// grpc-java's service config holds one service's methods' policies, set when the channel is built.
		boolean methodPoliciesPerService = client.settings().getProtocol() == RpcProtocol.GRPC
				&& client.hasMethodAttemptPolicies();
		return new OpenChannel(channel, ClientInterceptors.interceptForward(channel, interceptors),
				methodPoliciesPerService ? service.getName() : null);
	}

	// The per-call defaults come first so that every interceptor sees them in the call options
	// and headers; the client's own interceptors come last, closest to the wire.
	private List<ClientInterceptor> interceptorsOf(NamedClient client) {
		RpcClientProperties.Client settings = client.settings();
		List<ClientInterceptor> interceptors = new ArrayList<>();
		RpcClientProperties.Compression compression = settings.getCompression();
		try {
			interceptors.add(new CallDefaultsInterceptor(settings.getDeadline(), methodDeadlines(settings),
					(compression != RpcClientProperties.Compression.IDENTITY) ? compression.encoding() : null,
					settings.getHeaders()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidClientConfigurationException(
					"has an invalid header name in " + client.property("headers") + ": " + ex.getMessage(), ex);
		}
		interceptors.addAll(this.interceptors.global());
		interceptors.addAll(this.interceptors.listedBy(client));
		return interceptors;
	}

	/**
	 * Checks that every method a client's settings name is a method of a service it calls.
	 * @param clientName the client's name
	 * @param service the service of a stub injected for it
	 * @throws InvalidClientConfigurationException naming the first method the service does not have
	 */
	void checkMethodsOf(String clientName, ServiceDescriptor service) {
		NamedClient client = new NamedClient(clientName, this.settings.apply(clientName));
		List<String> names = service.getMethods().stream().map(MethodDescriptor::getBareMethodName).toList();
		for (String name : client.settings().getMethods().keySet()) {
			if (!names.contains(name)) {
				throw new InvalidClientConfigurationException("has settings for the method '" + name + "' in "
						+ client.property("methods") + ", which " + service.getName() + " does not have: its methods are "
						+ String.join(", ", names));
			}
		}
	}

	private static Map<String, Duration> methodDeadlines(RpcClientProperties.Client settings) {
		Map<String, Duration> deadlines = new HashMap<>();
		settings.getMethods().forEach((name, method) -> {
			if (method.getDeadline() != null) {
				deadlines.put(name, method.getDeadline());
			}
		});
		return deadlines;
	}

	/**
	 * Lets running calls finish for a few seconds, then cancels what is left.
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.channels.values().forEach((open) -> open.channel().shutdown());
		long deadline = System.nanoTime() + GRACE_PERIOD.toNanos();
		try {
			for (OpenChannel open : this.channels.values()) {
				open.channel().awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
		}
		finally {
			// Cancels the calls still running after the grace period (a no-op for channels
			// that terminated), also when interrupted: nothing may outlive the context.
			this.channels.values().forEach((open) -> open.channel().shutdownNow());
			this.channels.clear();
		}
	}

	/**
	 * @param methodPoliciesOf the service whose methods' retry or hedging policies the channel was built with, or
	 * {@code null} when it serves any service alike
	 */
	private record OpenChannel(ManagedChannel channel, Channel intercepted, String methodPoliciesOf) {
	}

}
