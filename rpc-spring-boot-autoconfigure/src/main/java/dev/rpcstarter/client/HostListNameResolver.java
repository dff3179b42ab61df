package dev.rpcstarter.client;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;

/**
 * A resolver that hands the channel a list of {@link HostAndPort}: a fixed one or one that a
 * discovery service keeps current.
 */
abstract class HostListNameResolver extends NameResolver {

	private final String authority;

	private final SynchronizationContext synchronizationContext;

	private Listener2 listener;

	HostListNameResolver(String authority, Args args) {
		this.authority = authority;
		this.synchronizationContext = args.getSynchronizationContext();
	}

	@Override
	public String getServiceAuthority() {
		return this.authority;
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		refresh();
	}

	/**
	 * Hands the channel a new list. Callable from any thread: grpc-java wants its listener
	 * called in the channel's synchronization context.
	 * @param hosts the servers; an empty list fails new calls with UNAVAILABLE
	 * @param source what the hosts are, for the error when none can be used
	 */
	protected void publish(List<HostAndPort> hosts, String source) {
		// Host names are looked up here, not when parsing, so that a refresh after a failed
		// connection sees a changed DNS entry; one unknown host must not stop the others.
		List<EquivalentAddressGroup> groups = new ArrayList<>();
		for (HostAndPort host : hosts) {
			InetSocketAddress address = host.resolve();
			if (!address.isUnresolved()) {
				groups.add(new EquivalentAddressGroup(address));
			}
		}
		this.synchronizationContext.execute(() -> {
			if (groups.isEmpty()) {
				this.listener.onError(Status.UNAVAILABLE.withDescription("no reachable host in " + source + ": " + hosts));
				return;
			}
			this.listener
				.onResult2(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(groups)).build());
		});
	}

}
