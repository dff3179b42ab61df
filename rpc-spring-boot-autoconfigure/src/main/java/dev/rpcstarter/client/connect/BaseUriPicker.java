package dev.rpcstarter.client.connect;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses the server of each call of a {@link ConnectChannel} among the base URIs of the
 * instances of a service: the next one each time (round robin), or the same one until it
 * fails (pick first). The list can change while calls run, when a discovery service reports
 * other instances.
 *
 * <p>An instance that could not be reached is skipped for a short while, so that calls and
 * their retries go to the others, as grpc-java skips a connection in transient failure, and
 * the {@link Source} of a changing list is asked to list the instances again, as grpc-java
 * asks its name resolver. So is a source that listed no instance, when a call finds the list
 * empty: a listing can catch a service between two deployments, and grpc-java's channel too
 * resolves its name again after a resolution gave no address.
 */
public final class BaseUriPicker {

	/**
	 * How long an instance that could not be reached is skipped, and how often calls that
	 * find no instance ask the source to list them again.
	 */
	private static final Duration QUARANTINE = Duration.ofSeconds(1);

	private final boolean roundRobin;

	private final AtomicInteger next = new AtomicInteger();

	private final Map<URI, Long> unreachableUntil = new ConcurrentHashMap<>();

	/** When a call that finds the list empty may next ask the source to list it again. */
	private final AtomicLong emptyListRefreshAt = new AtomicLong(System.nanoTime());

	private volatile List<URI> baseUris;

	/** What updates the list, or {@code null} while it is fixed. */
	private volatile Source source;

	private BaseUriPicker(boolean roundRobin, List<URI> baseUris) {
		this.roundRobin = roundRobin;
		this.baseUris = List.copyOf(baseUris);
	}

	/**
	 * @param baseUris the servers, e.g. {@code http://host:port}; a path is put before the
	 * method paths
	 * @return a picker that spreads calls over all of them in turn
	 */
	public static BaseUriPicker roundRobin(List<URI> baseUris) {
		return new BaseUriPicker(true, baseUris);
	}

	/**
	 * @param baseUris the servers, e.g. {@code http://host:port}
	 * @return a picker that sends all calls to the first reachable one
	 */
	public static BaseUriPicker pickFirst(List<URI> baseUris) {
		return new BaseUriPicker(false, baseUris);
	}

	/**
	 * Replaces the servers, for calls that start from now on.
	 * @param baseUris the servers now; empty when the service has no instance
	 */
	public void update(List<URI> baseUris) {
		this.baseUris = List.copyOf(baseUris);
		this.unreachableUntil.keySet().retainAll(this.baseUris);
	}

	/**
	 * Ties the list to what updates it.
	 * @param source lists the servers again when asked, and stops when the channel
	 * terminates
	 */
	public void updatedBy(Source source) {
		this.source = source;
	}

	/**
	 * @return the server of a new call, or {@code null} when there is none
	 */
	URI pick() {
		List<URI> uris = this.baseUris;
		if (uris.isEmpty()) {
			refreshEmptyList();
			return null;
		}
		int start = this.roundRobin ? Math.floorMod(this.next.getAndIncrement(), uris.size()) : 0;
		long now = System.nanoTime();
		for (int i = 0; i < uris.size(); i++) {
			URI candidate = uris.get((start + i) % uris.size());
			Long until = this.unreachableUntil.get(candidate);
			if (until == null || until - now <= 0) {
				return candidate;
			}
		}
		// All unreachable lately: try anyway rather than fail without trying.
		return uris.get(start);
	}

	/**
	 * Skips a server for a while.
	 * @param baseUri a server that could not be reached
	 */
	void unreachable(URI baseUri) {
		long now = System.nanoTime();
		Long until = this.unreachableUntil.get(baseUri);
		if (until != null && until - now > 0) {
			// Skipped already: calls that fail on it meanwhile neither extend the while nor
			// ask the source again.
			return;
		}
		this.unreachableUntil.put(baseUri, now + QUARANTINE.toNanos());
		askSourceToListAgain();
	}

	/**
	 * Asks the source to list the servers again, at most once per {@link #QUARANTINE}: the
	 * calls that find the list empty meanwhile fail at once without asking.
	 */
	private void refreshEmptyList() {
		long now = System.nanoTime();
		long at = this.emptyListRefreshAt.get();
		if (at - now <= 0 && this.emptyListRefreshAt.compareAndSet(at, now + QUARANTINE.toNanos())) {
			askSourceToListAgain();
		}
	}

	private void askSourceToListAgain() {
		Source source = this.source;
		if (source != null) {
			source.refresh();
		}
	}

	/**
	 * Stops the updates of the list, when the channel that picks from it has terminated.
	 */
	void close() {
		Source source = this.source;
		if (source != null) {
			source.close();
		}
	}

	/**
	 * @return the servers now
	 */
	List<URI> all() {
		return this.baseUris;
	}

	/**
	 * @return the first server, to name the service (the channel's authority)
	 */
	URI first() {
		List<URI> uris = this.baseUris;
		return uris.isEmpty() ? null : uris.get(0);
	}

	/**
	 * What keeps a list of servers up to date, such as a discovery service.
	 */
	public interface Source extends AutoCloseable {

		/**
		 * Lists the servers again soon, without waiting for the next scheduled listing.
		 */
		void refresh();

		/**
		 * Stops listing the servers.
		 */
		@Override
		void close();

	}

}
