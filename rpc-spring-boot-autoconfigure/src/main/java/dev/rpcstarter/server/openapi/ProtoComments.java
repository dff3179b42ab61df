package dev.rpcstarter.server.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The comments of .proto files, for the descriptions of the OpenAPI document. The descriptors
 * that generated Java code carries have none: protoc leaves source information out of them. It
 * keeps it in a descriptor set written with {@code --include_source_info}, which the build can
 * put on the classpath; the comments are read from there and matched to the served types by
 * full name, so a descriptor set that covers more files, or fewer, does no harm.
 *
 * <p>A comment is an element's leading comment, or its trailing one when it has none, as
 * protoc attaches them.
 */
public final class ProtoComments {

	// Paths of SourceCodeInfo locations are field numbers of descriptor.proto, alternating
	// with indexes into repeated fields.
	private static final int FILE_MESSAGE = 4;

	private static final int FILE_ENUM = 5;

	private static final int FILE_SERVICE = 6;

	private static final int MESSAGE_FIELD = 2;

	private static final int MESSAGE_NESTED_MESSAGE = 3;

	private static final int MESSAGE_ENUM = 4;

	private static final int MESSAGE_ONEOF = 8;

	private static final int ENUM_VALUE = 2;

	private static final int SERVICE_METHOD = 2;

	/** Comments by {@link #key} of the element they describe. */
	private final Map<String, String> comments;

	private ProtoComments(Map<String, String> comments) {
		this.comments = comments;
	}

	/**
	 * Reads the comments of descriptor sets.
	 * @param locations where the descriptor sets are: Spring resource locations, patterns
	 * ({@code classpath*:META-INF/rpc/*.binpb}) included; a pattern may match nothing, a
	 * plain location must exist
	 * @param resources resolves the locations
	 * @return the comments of every file in them
	 * @throws IllegalStateException when a plain location does not exist, or a file is not a
	 * descriptor set
	 */
	public static ProtoComments read(List<String> locations, ResourcePatternResolver resources) {
		Map<String, String> comments = new HashMap<>();
		for (String location : locations) {
			for (Resource resource : resolve(location, resources)) {
				for (FileDescriptorProto file : parse(resource).getFileList()) {
					addComments(file, comments);
				}
			}
		}
		return new ProtoComments(comments);
	}

	/**
	 * The comment of a message, field, oneof, enum, enum value, service or method.
	 * @param element the element
	 * @return its comment, or {@code null} when it has none
	 */
	public String of(GenericDescriptor element) {
		return this.comments.get(key(element));
	}

	/**
	 * An element's key: its full name, but for a field its message's full name and its own
	 * name (an extension's full name differs), and for an enum value its enum's full name and
	 * its own name (protobuf scopes values beside their enum).
	 */
	private static String key(GenericDescriptor element) {
		if (element instanceof FieldDescriptor field) {
			return field.getContainingType().getFullName() + "." + field.getName();
		}
		if (element instanceof EnumValueDescriptor value) {
			return value.getType().getFullName() + "." + value.getName();
		}
		return element.getFullName();
	}

	private static Resource[] resolve(String location, ResourcePatternResolver resources) {
		try {
			Resource[] found = resources.getResources(location);
			if (found.length == 1 && !found[0].exists()) {
				throw new IllegalStateException("no descriptor set at " + location
						+ " (rpc.http.rest.openapi.descriptor-sets): write one with protoc's --include_source_info, "
						+ "or leave the property out");
			}
			return found;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not look for descriptor sets at " + location, ex);
		}
	}

	private static FileDescriptorSet parse(Resource resource) {
		try (InputStream in = resource.getInputStream()) {
			return FileDescriptorSet.parseFrom(in);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(resource.getDescription()
					+ " is not a protobuf FileDescriptorSet (rpc.http.rest.openapi.descriptor-sets): " + ex.getMessage(),
					ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not read " + resource.getDescription(), ex);
		}
	}

	private static void addComments(FileDescriptorProto file, Map<String, String> comments) {
		String scope = file.getPackage().isEmpty() ? "" : file.getPackage() + ".";
		for (Location location : file.getSourceCodeInfo().getLocationList()) {
			String text = location.hasLeadingComments() ? location.getLeadingComments() : location.getTrailingComments();
			String key = keyOf(file, scope, location.getPathList());
			if (key != null && !text.isBlank()) {
				comments.put(key, tidy(text));
			}
		}
	}

	/** The key of the element a location's path leads to, or {@code null} for another element. */
	private static String keyOf(FileDescriptorProto file, String scope, List<Integer> path) {
		if (path.size() < 2) {
			return null;
		}
		int index = path.get(1);
		return switch (path.get(0)) {
			case FILE_MESSAGE -> messageKey(file.getMessageType(index), scope, path, 2);
			case FILE_ENUM -> enumKey(file.getEnumType(index), scope, path, 2);
			case FILE_SERVICE -> serviceKey(file.getService(index), scope, path);
			default -> null;
		};
	}

	private static String messageKey(DescriptorProto message, String scope, List<Integer> path, int at) {
		String name = scope + message.getName();
		if (at == path.size()) {
			return name;
		}
		if (at + 2 > path.size()) {
			return null;
		}
		int index = path.get(at + 1);
		return switch (path.get(at)) {
			case MESSAGE_FIELD -> (at + 2 == path.size()) ? name + "." + message.getField(index).getName() : null;
			case MESSAGE_ONEOF -> (at + 2 == path.size()) ? name + "." + message.getOneofDecl(index).getName() : null;
			case MESSAGE_NESTED_MESSAGE -> messageKey(message.getNestedType(index), name + ".", path, at + 2);
			case MESSAGE_ENUM -> enumKey(message.getEnumType(index), name + ".", path, at + 2);
			default -> null;
		};
	}

	private static String enumKey(EnumDescriptorProto enumeration, String scope, List<Integer> path, int at) {
		String name = scope + enumeration.getName();
		if (at == path.size()) {
			return name;
		}
		boolean value = at + 2 == path.size() && path.get(at) == ENUM_VALUE;
		return value ? name + "." + enumeration.getValue(path.get(at + 1)).getName() : null;
	}

	private static String serviceKey(ServiceDescriptorProto service, String scope, List<Integer> path) {
		String name = scope + service.getName();
		if (path.size() == 2) {
			return name;
		}
		boolean method = path.size() == 4 && path.get(2) == SERVICE_METHOD;
		return method ? name + "." + service.getMethod(path.get(3)).getName() : null;
	}

	/**
	 * A comment as text: protoc keeps what follows {@code //} on each line, the space after it
	 * included, which is dropped here, as are blank lines around the text.
	 */
	private static String tidy(String comment) {
		StringBuilder text = new StringBuilder();
		for (String line : comment.strip().split("\n", -1)) {
			String trimmed = line.stripTrailing();
			text.append(trimmed.startsWith(" ") ? trimmed.substring(1) : trimmed).append('\n');
		}
		return text.toString().strip();
	}

}
