package dev.ampconnect.packaging.e2e;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ampconnect.packaging.cluster.PluginPath;
import dev.ampconnect.packaging.rest.ConnectorPlugin;

/**
 * Kafka's own FileStream connectors as the stand-in plugin that proves the harness before any amp connector
 * exists: installed into plugin.path in the Hub layout, configured with plain-string values so a topic's
 * records are the file's lines verbatim.
 */
final class FileStreamConnectors {

    static final String SOURCE_CLASS = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    static final String SINK_CLASS = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    static final String COMPONENT = "kafka-connect-file";

    private FileStreamConnectors() {
    }

    /**
     * Whether {@code plugins} lists {@code className} as a {@code type} plugin. Not by version: FileStream
     * reports the version of the worker's kafka-clients (AppInfoParser), not of the jar it was loaded from.
     */
    static boolean listed(List<ConnectorPlugin> plugins, String className, String type) {
        return plugins.stream().anyMatch(p -> p.className().equals(className) && p.type().equals(type));
    }

    /** Installs {@code connect-file} as component {@value #COMPONENT} ({@code <plugin.path>/kafka-connect-file/lib/}). */
    static void install(PluginPath pluginPath) {
        pluginPath.installJars(COMPONENT, List.of(BuildOutputs.fileStreamJar()));
    }

    /** A one-task FileStream source that tails {@code file} into {@code topic}, one string record per line. */
    static Map<String, String> sourceConfig(Path file, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", SOURCE_CLASS);
        config.put("tasks.max", "1");
        config.put("file", file.toAbsolutePath().toString());
        config.put("topic", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        return config;
    }
}
