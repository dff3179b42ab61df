package dev.rpcstarter.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs complete {@code rpc.*} from: every property has a
 * description and a type. The annotation processor cannot describe the entries of the
 * {@code rpc.client} map, so {@code additional-spring-configuration-metadata.json} describes
 * them under {@code rpc.client.default}; these tests keep that file in step with
 * {@link RpcClientProperties.Client}.
 *
 * <p>They read the generated file, as IDEs do. The processor merges the additional file into
 * it only when Java sources compile, so after a change to the JSON alone, build clean.
 */
class RpcPropertiesMetadataTests {

	private static final String PREFIX = "rpc.client.default.";

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static JsonNode metadata;

	@BeforeAll
	static void readTheMetadataOfThisModule() throws IOException {
		ObjectMapper json = new ObjectMapper();
		// Other jars have such a file too; ours is the one with the rpc.client group.
		for (URL url : Collections.list(RpcClientProperties.class.getClassLoader().getResources(METADATA))) {
			try (InputStream in = url.openStream()) {
				JsonNode candidate = json.readTree(in);
				if (named(candidate.path("groups"), "rpc.client") != null) {
					metadata = candidate;
				}
			}
		}
		assertThat(metadata).as("the metadata generated from RpcClientProperties").isNotNull();
	}

	@Test
	void everyPropertyIsDescribedAndTyped() {
		assertThat(metadata.path("properties")).isNotEmpty().allSatisfy((entry) -> {
			String name = entry.path("name").asText();
			assertThat(name).startsWith("rpc.");
			// An IDE shows the description on completion, and completes an enum's constants from its type.
			assertThat(entry.path("description").asText()).as("description of " + name).isNotBlank();
			assertThat(entry.path("type").asText()).as("type of " + name).isNotBlank();
		});
	}

	@Test
	void everyClientSettingHasAnEntryOfTheSameTypeUnderTheDefaultClient() {
		clientSettings().forEach((name, setting) -> {
			JsonNode entry = named(metadata.path("properties"), PREFIX + name);
			assertThat(entry).as("metadata of %s in additional-spring-configuration-metadata.json", PREFIX + name)
				.isNotNull();
			assertThat(entry.path("type").asText())
				.isEqualTo(setting.getReadMethod().getGenericReturnType().getTypeName().replace(" ", ""));
			assertThat(entry.path("description").asText()).as("description of " + PREFIX + name).isNotBlank();
		});
	}

	@Test
	void everyEntryUnderTheDefaultClientIsAClientSetting() {
		assertThat(StreamSupport.stream(metadata.path("properties").spliterator(), false)
			.map((entry) -> entry.path("name").asText())
			.filter((name) -> name.startsWith(PREFIX))
			.map((name) -> name.substring(PREFIX.length()))).containsExactlyInAnyOrderElementsOf(clientSettings().keySet());
	}

	@Test
	void everyEnumSettingHintsExactlyTheValuesOfItsEnum() {
		clientSettings().forEach((name, setting) -> {
			Class<?> type = setting.getPropertyType();
			if (type.isEnum()) {
				JsonNode hint = named(metadata.path("hints"), PREFIX + name);
				assertThat(hint).as("hint of " + PREFIX + name).isNotNull();
				assertThat(StreamSupport.stream(hint.path("values").spliterator(), false)
					// As relaxed binding reads them: "grpc-web" is GRPC_WEB.
					.map((value) -> value.path("value").asText().toUpperCase(Locale.ROOT).replace('-', '_')))
					.as("values of " + PREFIX + name)
					.containsExactlyInAnyOrderElementsOf(
							Arrays.stream(type.getEnumConstants()).map((constant) -> ((Enum<?>) constant).name()).toList());
			}
		});
	}

	@Test
	void clientMapHintsTheDefaultEntryAsAKey() {
		assertThat(named(metadata.path("properties"), "rpc.client")).isNotNull();
		assertThat(named(metadata.path("hints"), "rpc.client.keys").path("values").findValuesAsText("value"))
			.containsExactly(RpcClientProperties.DEFAULT_CLIENT);
	}

	/** The bindable settings of a client, by kebab-case path, nested groups (retry) flattened. */
	private static Map<String, PropertyDescriptor> clientSettings() {
		Map<String, PropertyDescriptor> settings = new LinkedHashMap<>();
		collectSettings(RpcClientProperties.Client.class, "", settings);
		return settings;
	}

	private static void collectSettings(Class<?> type, String prefix, Map<String, PropertyDescriptor> settings) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getName().equals("class")) {
				continue;
			}
			Class<?> propertyType = property.getPropertyType();
			String path = prefix + kebabCase(property.getName());
			if (propertyType.getDeclaringClass() == RpcClientProperties.class && !propertyType.isEnum()) {
				collectSettings(propertyType, path + ".", settings);
			}
			else {
				settings.put(path, property);
			}
		}
	}

	private static String kebabCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static JsonNode named(JsonNode entries, String name) {
		for (JsonNode entry : entries) {
			if (entry.path("name").asText().equals(name)) {
				return entry;
			}
		}
		return null;
	}

}
