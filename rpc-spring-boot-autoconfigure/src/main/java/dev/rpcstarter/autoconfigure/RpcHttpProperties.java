package dev.rpcstarter.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP side of {@code @RpcService} beans: the Connect protocol served on the
 * web server's port.
 */
@ConfigurationProperties("rpc.http")
public class RpcHttpProperties {

	/**
	 * Whether to serve @RpcService beans over HTTP (the Connect protocol) on the web server's
	 * port, beside gRPC on grpc.server.port.
	 */
	private boolean enabled = true;

	/**
	 * Largest request message accepted, after decompression; larger ones are refused with
	 * resource_exhausted before they are buffered. The default matches gRPC's.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(4);

	/**
	 * Order of the bridge's servlet filter. The default runs it after security and
	 * observability filters, so they see RPC requests as they see any other.
	 */
	private int filterOrder = 0;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public int getFilterOrder() {
		return this.filterOrder;
	}

	public void setFilterOrder(int filterOrder) {
		this.filterOrder = filterOrder;
	}

}
