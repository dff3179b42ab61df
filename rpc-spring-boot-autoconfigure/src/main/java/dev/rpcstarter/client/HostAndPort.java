package dev.rpcstarter.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One server of a static list or a discovered service, as named: the host is looked up only
 * when an address is needed, so that a changed DNS entry is seen on the next resolution.
 */
record HostAndPort(String host, int port) {

	/**
	 * @param list {@code host1:port1,host2:port2}; IPv6 literals in brackets
	 * @throws IllegalArgumentException naming the entry that is not host:port
	 */
	static List<HostAndPort> parseList(String list) {
		if (list.isBlank()) {
			throw new IllegalArgumentException("no host:port in the list");
		}
		List<HostAndPort> hosts = new ArrayList<>();
		for (String hostAndPort : list.split(",")) {
			// Let URI split host and port so that bracketed IPv6 literals work.
			URI uri = URI.create("//" + hostAndPort.trim());
			if (uri.getHost() == null || uri.getPort() == -1) {
				throw new IllegalArgumentException("'" + hostAndPort + "' is not host:port");
			}
			hosts.add(new HostAndPort(uri.getHost(), uri.getPort()));
		}
		return hosts;
	}

	/**
	 * @return the looked-up address, unresolved when the host is unknown
	 */
	InetSocketAddress resolve() {
		return new InetSocketAddress(this.host, this.port);
	}

	/**
	 * @param scheme http or https
	 * @return the base URI of an HTTP server at this host and port
	 */
	URI toUri(String scheme) {
		return URI.create(scheme + "://" + this);
	}

	@Override
	public String toString() {
		return (this.host.contains(":") && !this.host.startsWith("[") ? "[" + this.host + "]" : this.host) + ":"
				+ this.port;
	}

}
