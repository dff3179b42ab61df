package dev.rpcstarter.protocol;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.grpc.Status;

/**
 * The Connect protocol's names and HTTP statuses for gRPC status codes.
 *
 * <p>Connect spells codes in snake case ({@code not_found}) and gives each one an HTTP status so
 * that plain HTTP tooling sees a meaningful answer; the numeric codes are gRPC's own.
 */
public final class ConnectCodes {

	private static final Map<Status.Code, Integer> HTTP_STATUS = new EnumMap<>(Status.Code.class);

	private static final Map<String, Status.Code> BY_NAME = new HashMap<>();

	static {
		HTTP_STATUS.put(Status.Code.OK, 200);
		HTTP_STATUS.put(Status.Code.CANCELLED, 499);
		HTTP_STATUS.put(Status.Code.UNKNOWN, 500);
		HTTP_STATUS.put(Status.Code.INVALID_ARGUMENT, 400);
		HTTP_STATUS.put(Status.Code.DEADLINE_EXCEEDED, 504);
		HTTP_STATUS.put(Status.Code.NOT_FOUND, 404);
		HTTP_STATUS.put(Status.Code.ALREADY_EXISTS, 409);
		HTTP_STATUS.put(Status.Code.PERMISSION_DENIED, 403);
		HTTP_STATUS.put(Status.Code.RESOURCE_EXHAUSTED, 429);
		HTTP_STATUS.put(Status.Code.FAILED_PRECONDITION, 400);
		HTTP_STATUS.put(Status.Code.ABORTED, 409);
		HTTP_STATUS.put(Status.Code.OUT_OF_RANGE, 400);
		HTTP_STATUS.put(Status.Code.UNIMPLEMENTED, 501);
		HTTP_STATUS.put(Status.Code.INTERNAL, 500);
		HTTP_STATUS.put(Status.Code.UNAVAILABLE, 503);
		HTTP_STATUS.put(Status.Code.DATA_LOSS, 500);
		HTTP_STATUS.put(Status.Code.UNAUTHENTICATED, 401);
		for (Status.Code code : Status.Code.values()) {
			BY_NAME.put(name(code), code);
		}
	}

	private ConnectCodes() {
	}

	/**
	 * The Connect name of a code: {@code CANCELLED} is spelled {@code canceled}, the others are
	 * the gRPC names in lower case.
	 * @param code a gRPC status code
	 * @return the code's name in Connect error JSON
	 */
	public static String name(Status.Code code) {
		return (code == Status.Code.CANCELLED) ? "canceled" : code.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The gRPC code that a Connect code name stands for.
	 * @param name a Connect code name such as {@code not_found}
	 * @return the code, or {@link Status.Code#UNKNOWN} for a name that the spec does not define
	 */
	public static Status.Code fromName(String name) {
		return BY_NAME.getOrDefault(name, Status.Code.UNKNOWN);
	}

	/**
	 * The code a client reads from an HTTP status that came without an error body it
	 * understands (a proxy's answer, an unknown path). The Connect and gRPC specifications
	 * share this table: 400 internal, 401 unauthenticated, 403 permission denied,
	 * 404 unimplemented, 429, 502, 503 and 504 unavailable, anything else unknown.
	 * @param httpStatus an HTTP status other than 200
	 * @return the code
	 */
	public static Status.Code fromHttpStatus(int httpStatus) {
		return switch (httpStatus) {
			case 400 -> Status.Code.INTERNAL;
			case 401 -> Status.Code.UNAUTHENTICATED;
			case 403 -> Status.Code.PERMISSION_DENIED;
			case 404 -> Status.Code.UNIMPLEMENTED;
			case 429, 502, 503, 504 -> Status.Code.UNAVAILABLE;
			default -> Status.Code.UNKNOWN;
		};
	}

	/**
	 * The HTTP status with which a Connect unary response carries an error of this code.
	 * @param code a gRPC status code
	 * @return the HTTP status
	 */
	public static int httpStatus(Status.Code code) {
		return HTTP_STATUS.get(code);
	}

}
