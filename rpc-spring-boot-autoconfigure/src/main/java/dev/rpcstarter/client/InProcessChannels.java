package dev.rpcstarter.client;

import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;

import org.springframework.util.ClassUtils;

/**
 * Channels to an in-process server ({@code in-process:name}), for tests. Kept apart so that
 * grpc-inprocess, an optional dependency, is loaded only when such an address is used.
 */
final class InProcessChannels {

	private static final String BUILDER_CLASS = "io.grpc.inprocess.InProcessChannelBuilder";

	private InProcessChannels() {
	}

	/**
	 * @return whether grpc-inprocess is on the classpath
	 */
	static boolean available() {
		return ClassUtils.isPresent(BUILDER_CLASS, InProcessChannels.class.getClassLoader());
	}

	/**
	 * @param name the name the in-process server was built with
	 */
	static ManagedChannelBuilder<?> builder(String name) {
		return InProcessChannelBuilder.forName(name);
	}

}
