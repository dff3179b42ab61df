package dev.rpcstarter.client.connect;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.MethodDescriptor;
import okhttp3.HttpUrl;

/**
 * The URL of each method on each server of a {@link ConnectChannel}, parsed once instead of
 * for every call. The URLs of servers the channel no longer lists are dropped when it first
 * calls another one, so that instances coming and going do not make this grow for ever.
 */
final class MethodUrls {

	private final BaseUriPicker baseUris;

	private final Map<URI, Map<String, HttpUrl>> byServer = new ConcurrentHashMap<>();

	MethodUrls(BaseUriPicker baseUris) {
		this.baseUris = baseUris;
	}

	/**
	 * @param baseUri a server, e.g. {@code http://host:port/prefix}
	 * @param method a method of it
	 * @return where the method is called
	 * @throws IllegalArgumentException when that is not an {@code http://} or
	 * {@code https://} URL
	 */
	HttpUrl of(URI baseUri, MethodDescriptor<?, ?> method) {
		Map<String, HttpUrl> urls = this.byServer.get(baseUri);
		if (urls == null) {
			this.byServer.keySet().retainAll(this.baseUris.all());
			urls = this.byServer.computeIfAbsent(baseUri, (key) -> new ConcurrentHashMap<>());
		}
		return urls.computeIfAbsent(method.getFullMethodName(), (name) -> HttpUrl.get(join(baseUri, name)));
	}

	private static String join(URI baseUri, String fullMethodName) {
		String base = baseUri.toString();
		return (base.endsWith("/") ? base : base + "/") + fullMethodName;
	}

}
