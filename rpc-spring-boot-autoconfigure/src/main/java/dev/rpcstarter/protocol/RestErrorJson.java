package dev.rpcstarter.protocol;

import java.nio.charset.StandardCharsets;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * The body of a REST call's error: {@code google.rpc.Status} in the canonical JSON mapping, as
 * REST gateways to gRPC services write it, for example
 * {@code {"code":5,"message":"no such book","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",...}]}}.
 */
public final class RestErrorJson {

	private RestErrorJson() {
	}

	/**
	 * Writes an error.
	 * @param status the error
	 * @param trailers the call's trailers, whose {@code grpc-status-details-bin} gives the details
	 * @param types the types that details are written of; details of other types are left out,
	 * since JSON names their fields and only a known type has names
	 * @return the JSON
	 */
	public static byte[] toJson(Status status, Metadata trailers, JsonFormat.TypeRegistry types) {
		com.google.rpc.Status.Builder error = com.google.rpc.Status.newBuilder().setCode(status.getCode().value());
		if (status.getDescription() != null) {
			error.setMessage(status.getDescription());
		}
		byte[] details = trailers.get(ConnectErrorJson.STATUS_DETAILS_KEY);
		if (details != null) {
			try {
				for (Any detail : com.google.rpc.Status.parseFrom(details).getDetailsList()) {
					if (types.find(detail.getTypeUrl().substring(detail.getTypeUrl().lastIndexOf('/') + 1)) != null) {
						error.addDetails(detail);
					}
				}
			}
			catch (InvalidProtocolBufferException ex) {
				// Details that cannot be read are left out; the error itself still goes out.
			}
		}
		return print(JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace(), error.build());
	}

	private static byte[] print(JsonFormat.Printer printer, com.google.rpc.Status error) {
		try {
			return printer.print(error).getBytes(StandardCharsets.UTF_8);
		}
		catch (InvalidProtocolBufferException malformedDetail) {
			// A detail whose bytes are not its type's: without details the error always prints.
			return print(printer, error.toBuilder().clearDetails().build());
		}
	}

}
