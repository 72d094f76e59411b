package dev.ampconnect.packaging.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Hub zip unpacked into plugin.path ({@code <component>/etc/*.json} holds its REST bodies
 * {@code {"name": ..., "config": {...}}}), so the demo deploys exactly the sample configuration users get.
 *
 * @param dir the component's directory in plugin.path
 */
public record HubComponent(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One REST body from {@code etc/}: the connector's name and its config. */
    public record ConnectorConfig(String name, Map<String, String> config) {

        /** A copy with {@code key} set to {@code value}. */
        public ConnectorConfig with(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(config);
            copy.put(key, value);
            return new ConnectorConfig(name, copy);
        }

        /** A copy without {@code key}. */
        public ConnectorConfig without(String key) {
            Map<String, String> copy = new LinkedHashMap<>(config);
            copy.remove(key);
            return new ConnectorConfig(name, copy);
        }

        /** The value of {@code key}. */
        public String get(String key) {
            return config.get(key);
        }
    }

    /** The first REST body in {@code etc/} (by file name) whose {@code connector.class} is {@code connectorClass}. */
    public Optional<ConnectorConfig> restConfig(String connectorClass) {
        return restConfigs(connectorClass).stream().findFirst();
    }

    /** Every REST body in {@code etc/} whose {@code connector.class} is {@code connectorClass}, by file name. */
    public List<ConnectorConfig> restConfigs(String connectorClass) {
        Path etc = dir.resolve("etc");
        if (!Files.isDirectory(etc)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(etc)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(HubComponent::read)
                    .filter(c -> connectorClass.equals(c.get("connector.class")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + etc, e);
        }
    }

    private static ConnectorConfig read(Path file) {
        try {
            JsonNode body = JSON.readTree(file.toFile());
            Map<String, String> config = JSON.convertValue(body.path("config"), new TypeReference<>() { });
            return new ConnectorConfig(body.path("name").asText(), new LinkedHashMap<>(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the REST body " + file, e);
        }
    }
}
