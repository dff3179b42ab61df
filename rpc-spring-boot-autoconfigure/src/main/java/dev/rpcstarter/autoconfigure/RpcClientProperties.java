package dev.rpcstarter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rpcstarter.RpcProtocol;
import dev.rpcstarter.protocol.Codec;

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
		 * Where the service runs. For the grpc protocol: "static://host:port", a
		 * comma-separated list "static://host1:port1,host2:port2" (calls are balanced
		 * round-robin), or "dns:///host:port". For connect and grpc-web: "http://host:port",
		 * "https://host:port", or "static://host:port" meaning plaintext http.
		 */
		private String address;

		/**
		 * Wire protocol of the calls: grpc (native gRPC over HTTP/2), connect (the Connect
		 * protocol over HTTP/1.1 or HTTP/2) or grpc-web.
		 */
		private RpcProtocol protocol = RpcProtocol.GRPC;

		/**
		 * How messages are written by the connect and grpc-web protocols: proto (binary
		 * protobuf) or json (the canonical proto3 JSON mapping). Native gRPC always uses proto.
		 */
		private Codec codec = Codec.PROTO;

		/**
		 * Deadline applied to each call that does not set its own. No deadline when unset.
		 */
		private Duration deadline;

		/**
		 * Whether the grpc protocol talks plaintext HTTP/2 (h2c) instead of TLS. Connect and
		 * grpc-web take this from the address's scheme instead.
		 */
		private boolean plaintext = true;

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public RpcProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(RpcProtocol protocol) {
			this.protocol = protocol;
		}

		public Codec getCodec() {
			return this.codec;
		}

		public void setCodec(Codec codec) {
			this.codec = codec;
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
