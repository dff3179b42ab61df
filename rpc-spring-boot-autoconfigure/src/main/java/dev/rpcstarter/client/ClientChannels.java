package dev.rpcstarter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Holds one channel per client name: created on the first injection of that name, shared by
 * every stub of it, and shut down when the application context closes.
 */
class ClientChannels implements DisposableBean {

	private static final Duration GRACE_PERIOD = Duration.ofSeconds(5);

	private final RpcChannelFactory channelFactory;

	private final Function<String, Duration> deadlines;

	private final ObjectProvider<ClientInterceptor> globalInterceptors;

	private final Map<String, OpenChannel> channels = new ConcurrentHashMap<>();

	/**
	 * @param deadlines the default deadline of a client name, or {@code null} for none
	 */
	ClientChannels(RpcChannelFactory channelFactory, Function<String, Duration> deadlines,
			ObjectProvider<ClientInterceptor> globalInterceptors) {
		this.channelFactory = channelFactory;
		this.deadlines = deadlines;
		this.globalInterceptors = globalInterceptors;
	}

	/**
	 * The channel for stubs of a client name, with its interceptors.
	 * @throws InvalidClientConfigurationException if the name's settings cannot make a channel
	 */
	Channel channel(String clientName) {
		return this.channels.computeIfAbsent(clientName, this::open).intercepted();
	}

	private OpenChannel open(String clientName) {
		ManagedChannel channel = this.channelFactory.createChannel(clientName);
		// The deadline comes first so that the global interceptors see it in the call options.
		List<ClientInterceptor> interceptors = new ArrayList<>();
		Duration deadline = this.deadlines.apply(clientName);
		if (deadline != null) {
			interceptors.add(new DefaultDeadlineInterceptor(deadline));
		}
		this.globalInterceptors.orderedStream().forEach(interceptors::add);
		return new OpenChannel(channel, ClientInterceptors.interceptForward(channel, interceptors));
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

	private record OpenChannel(ManagedChannel channel, Channel intercepted) {
	}

}
