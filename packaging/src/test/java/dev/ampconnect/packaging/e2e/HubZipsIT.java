package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampconnect.packaging.cluster.ConnectCluster;
import dev.ampconnect.packaging.cluster.KafkaBrokerProcess;
import dev.ampconnect.packaging.cluster.PluginPath;
import dev.ampconnect.packaging.rest.ConnectorPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every connector's BUILT Hub zip (what packaging depends on with type zip, copied to target/hub-zips): it has
 * the Confluent Hub component layout and manifest, carries no Kafka or slf4j classes, ships sample configs for
 * its own connectors, and, unpacked into plugin.path of a real worker process, makes the worker list every
 * connector class it declares. Every connector module's zip must be there (the five of
 * {@link PipelineConfigs#modules}); each one's size is printed ({@code HubZipsIT size}).
 */
class HubZipsIT {

    private static final List<Path> ZIPS = BuildOutputs.hubZips();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaBrokerProcess broker;
    private static ConnectCluster cluster;

    @Test
    void everyConnectorModuleShipsAZip() throws IOException {
        List<String> built = ZIPS.stream().map(z -> z.getFileName().toString().replaceAll("-\\d.*\\.zip$", ""))
                .sorted().toList();
        assertEquals(PipelineConfigs.modules(true, true).stream().sorted().toList(), built,
                "packaging must depend on every connector module's zip (README \"Adding a connector\")");
        for (Path zip : ZIPS) {
            HubZipContents contents = HubZipContents.read(zip);
            System.out.printf("HubZipsIT size %s: %.1f MB (%d bytes), %d jars in lib/%n", contents.root(),
                    Files.size(zip) / 1e6, Files.size(zip), contents.filesIn("lib").size());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyHubZipHasTheComponentLayoutAndManifest() {
        assumeFalse(ZIPS.isEmpty(), "no connector module builds a Hub zip yet (packaging/README.md)");
        return ZIPS.stream().map(zip -> dynamicTest(zip.getFileName().toString(), () -> {
            HubZipContents contents = HubZipContents.read(zip);
            assertManifest(contents);
            assertLib(contents);
            assertSampleConfigs(contents);
            assertTrue(contents.filesIn("doc").containsAll(List.of("README.md", "LICENSE")),
                    () -> zip + " doc/ holds " + contents.filesIn("doc"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyHubZipLoadsItsConnectorsIntoARealWorkerThroughPluginPath() {
        assumeFalse(ZIPS.isEmpty(), "no connector module builds a Hub zip yet (packaging/README.md)");
        Path work = BuildOutputs.workDir(HubZipsIT.class);
        PluginPath plugins = PluginPath.at(work.resolve("plugins"));
        ZIPS.forEach(plugins::installHubZip);
        broker = KafkaBrokerProcess.start(BuildOutputs.kafka(), work.resolve("broker"));
        cluster = ConnectCluster.builder(BuildOutputs.kafka(), broker.bootstrapServers(), work.resolve("connect"))
                .pluginPath(plugins.dir())
                .start();
        List<ConnectorPlugin> listed = cluster.rest().connectorPlugins();
        return ZIPS.stream().map(zip -> dynamicTest(zip.getFileName().toString(), () -> {
            Map<String, String> declared = HubZipContents.read(zip).connectorClasses();
            assertFalse(declared.isEmpty(), zip + " declares no connector in META-INF/services");
            declared.forEach((className, type) -> {
                assertTrue(listed.stream().anyMatch(p -> p.className().equals(className) && p.type().equals(type)),
                        () -> "worker does not list " + type + " connector " + className + " of " + zip + ": " + listed);
                assertThrows(ClassNotFoundException.class, () -> Class.forName(className),
                        className + " must come from plugin.path, not from the test class path");
            });
        }));
    }

    @AfterAll
    static void stopProcesses() {
        if (cluster != null) {
            cluster.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void assertManifest(HubZipContents zip) {
        JsonNode m = zip.manifest();
        assertFalse(zip.manifestText().contains("${"), () -> "unfiltered placeholder in manifest:\n" + zip.manifestText());
        assertEquals("ampconnect-" + m.path("name").asText() + "-" + m.path("version").asText(), zip.root());
        for (String field : List.of("name", "version", "title", "description")) {
            assertFalse(m.path(field).asText().isBlank(), () -> "manifest " + field + " is empty in " + zip.zip());
        }
        assertEquals("ampconnect", m.path("owner").path("username").asText());
        assertFalse(m.path("owner").path("name").asText().isBlank());
        assertSubsetOf(Set.of("source", "sink"), m.path("component_types"), "component_types", zip);
        assertSubsetOf(Set.of("atLeastOnce", "exactlyOnce"), m.path("features").path("delivery_guarantee"),
                "features.delivery_guarantee", zip);
        assertTrue(m.path("tags").size() > 0, () -> "no tags in " + zip.zip());
        assertTrue(m.path("requirements").isArray(), () -> "requirements must be an array in " + zip.zip());
        assertEquals("Apache License 2.0", m.path("license").path(0).path("name").asText());
        Set<String> componentTypes = new HashSet<>();
        m.path("component_types").forEach(t -> componentTypes.add(t.asText()));
        assertEquals(Set.copyOf(zip.connectorClasses().values()), componentTypes,
                "component_types must match the connector types the jars declare");
    }

    private static void assertSubsetOf(Set<String> allowed, JsonNode array, String field, HubZipContents zip) {
        assertTrue(array.isArray() && array.size() > 0, () -> field + " must be a non-empty array in " + zip.zip());
        array.forEach(v -> assertTrue(allowed.contains(v.asText()),
                () -> field + " holds " + v + ", allowed " + allowed + " (" + zip.zip() + ")"));
    }

    private static void assertLib(HubZipContents zip) {
        String connectorJar = zip.manifest().path("name").asText() + "-" + zip.manifest().path("version").asText() + ".jar";
        assertTrue(zip.filesIn("lib").contains(connectorJar), () -> "no " + connectorJar + " in lib/ of " + zip.zip());
        assertEquals(List.of(), zip.workerClassJars(),
                "lib/ must not carry Kafka or slf4j classes; the worker provides them");
    }

    private static void assertSampleConfigs(HubZipContents zip) throws IOException {
        List<String> etc = zip.filesIn("etc");
        assertTrue(etc.stream().anyMatch(f -> f.endsWith(".properties")), () -> "no .properties in etc/: " + etc);
        assertTrue(etc.stream().anyMatch(f -> f.endsWith(".json")), () -> "no REST .json in etc/: " + etc);
        assertTrue(etc.contains(PrometheusExporter.CONFIG_FILE), () -> "no Prometheus exporter rules in etc/: " + etc);
        assertTrue(zip.text("etc/" + PrometheusExporter.CONFIG_FILE).contains("amp_source_"),
                () -> "etc/" + PrometheusExporter.CONFIG_FILE + " lacks the source rules in " + zip.zip());
        for (String file : etc) {
            if (file.equals(PrometheusExporter.CONFIG_FILE)) {
                continue;
            }
            String connectorClass;
            if (file.endsWith(".json")) {
                JsonNode rest = JSON.readTree(zip.text("etc/" + file));
                assertFalse(rest.path("name").asText().isBlank(), () -> "etc/" + file + " lacks the REST body's name");
                connectorClass = rest.path("config").path("connector.class").asText();
            } else {
                Properties props = new Properties();
                props.load(new StringReader(zip.text("etc/" + file)));
                connectorClass = props.getProperty("connector.class", "");
            }
            assertTrue(zip.connectorClasses().containsKey(connectorClass),
                    () -> "etc/" + file + " configures " + connectorClass + ", not a connector of " + zip.zip());
        }
    }
}
