package dev.rpcstarter.bench.runner;

import java.util.List;

import com.google.protobuf.Message;
import dev.rpcstarter.bench.v1.Line;
import dev.rpcstarter.bench.v1.Order;
import dev.rpcstarter.bench.v1.Warehouse;

/**
 * The two request messages: a small one of about 100 bytes and a large one of about 10 KB.
 * Built deterministically, so every run sends the same bytes.
 */
public enum Payload {

	SMALL(1, List.of("web")), LARGE(125, List.of("fragile", "seasonal", "bulk-discount"));

	private final int lineCount;

	private final List<String> tagsPerLine;

	Payload(int lineCount, List<String> tagsPerLine) {
		this.lineCount = lineCount;
		this.tagsPerLine = tagsPerLine;
	}

	/**
	 * The order this payload sends.
	 * @return the order
	 */
	public Order order() {
		Order.Builder order = Order.newBuilder()
			.setId("ord-2025-000042")
			.setCustomer("cust-0042")
			.setPriority(3)
			.setExpress(true)
			.addAllLabels(List.of("web", "eu-central"));
		for (int i = 1; i <= this.lineCount; i++) {
			order.addLines(Line.newBuilder()
				.setSku(String.format("SKU-%06d", i))
				.setQuantity(i % 7 + 1)
				.setUnitPrice(9.5 + i) // exact in binary, so JSON and proto agree on every digit
				.addAllTags(this.tagsPerLine)
				.setWarehouse(Warehouse.newBuilder().setCode("WH-" + (i % 5)).setCity("Rotterdam").setDock(i % 12 + 1)));
		}
		return order.build();
	}

	/**
	 * The payload whose order a request is.
	 * @param request a unary target's request
	 * @return its payload
	 * @throws IllegalArgumentException when the request is no payload's order
	 */
	static Payload of(Message request) {
		for (Payload payload : values()) {
			if (payload.order().equals(request)) {
				return payload;
			}
		}
		throw new IllegalArgumentException("the request is not the order of any payload");
	}

	public String label() {
		return (this == SMALL) ? "small" : "large";
	}

}
