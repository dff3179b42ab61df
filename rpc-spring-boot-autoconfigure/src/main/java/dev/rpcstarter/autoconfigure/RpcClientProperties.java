package dev.rpcstarter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code @RpcClient} stubs, one entry per client name:
 * {@code rpc.client.email.address=static://localhost:9091}.
 *
 * <p>The client names share their namespace with the on/off switch {@code rpc.client.enabled},
 * so "enabled" cannot name a client; {@link EnabledSwitchBindHandlerAdvisor} keeps the switch
 * out of this map.
 */
@ConfigurationProperties("rpc.client")
public class RpcClientProperties extends LinkedHashMap<String, RpcClientProperties.Client> {

	/**
	 * Connection settings of one named client.
	 */
	public static class Client {

		/**
		 * Where the service runs: "static://host:port", a comma-separated list
		 * "static://host1:port1,host2:port2" (calls are balanced round-robin), or
		 * "dns:///host:port".
		 */
		private String address;

		/**
		 * Deadline applied to each call that does not set its own. No deadline when unset.
		 */
		private Duration deadline;

		/**
		 * Whether to talk plaintext HTTP/2 (h2c) instead of TLS.
		 */
		private boolean plaintext = true;

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

		public boolean isPlaintext() {
			return this.plaintext;
		}

		public void setPlaintext(boolean plaintext) {
			this.plaintext = plaintext;
		}

	}

}
