package dev.ampconnect.packaging.e2e;

import static dev.ampconnect.packaging.e2e.FileStreamConnectors.SINK_CLASS;
import static dev.ampconnect.packaging.e2e.FileStreamConnectors.SOURCE_CLASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.ampconnect.packaging.cluster.Await;
import dev.ampconnect.packaging.rest.ConfigValidation;
import dev.ampconnect.packaging.rest.ConnectRestClient;
import dev.ampconnect.packaging.rest.ConnectorOffset;
import dev.ampconnect.packaging.rest.ConnectorPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real broker process and a real distributed worker process (Kafka 4.3.1) running Kafka's FileStream
 * connector from plugin.path: the path every amp connector's Hub zip takes, proven with a plugin that exists
 * today. Everything goes through the REST API.
 */
class FileStreamFromPluginPathIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaConnectExtension kafka = KafkaConnectExtension.builder()
            .plugins(FileStreamConnectors::install)
            .build();

    @Test
    void workerLoadsTheFileStreamConnectorsFromPluginPathAndNotFromAClassPath() throws IOException {
        List<ConnectorPlugin> plugins = kafka.rest().connectorPlugins();

        assertTrue(FileStreamConnectors.listed(plugins, SOURCE_CLASS, "source"), plugins::toString);
        assertTrue(FileStreamConnectors.listed(plugins, SINK_CLASS, "sink"), plugins::toString);
        assertThrows(ClassNotFoundException.class, () -> Class.forName(SOURCE_CLASS),
                "the FileStream connector must not be on the test class path");
        try (Stream<Path> workerJars = Files.list(kafka.cluster().settings().runtime().libs())) {
            assertFalse(workerJars.anyMatch(j -> j.getFileName().toString().startsWith("connect-file")),
                    "the FileStream jar must not be on the worker class path either");
        }
    }

    @Test
    void sourceConnectorCopiesEveryLineOfTheFileIntoTheTopicInOrder() throws IOException {
        List<String> lines = IntStream.range(0, 500).mapToObj(GrowingFile::line).toList();
        Path file = Files.write(kafka.workDir().resolve("copy.txt"), lines, StandardCharsets.UTF_8);

        kafka.rest().createConnector("copy", FileStreamConnectors.sourceConfig(file, "copy-lines"));
        kafka.cluster().awaitRunning("copy", 1, TIMEOUT);

        try (TopicReader topic = new TopicReader(kafka.broker().bootstrapServers(), "copy-lines")) {
            assertEquals(lines, topic.awaitAtLeast(lines.size(), TIMEOUT));
        }
    }

    @Test
    void validateAnswersABadValueWithAnErrorOnItsKey() {
        Map<String, String> config = new LinkedHashMap<>(
                FileStreamConnectors.sourceConfig(kafka.workDir().resolve("any.txt"), "any"));
        config.put("batch.size", "many");

        ConfigValidation validation = kafka.rest().validate(SOURCE_CLASS, config);

        assertEquals(1, validation.errorCount(), validation::toString);
        assertEquals(List.of("batch.size"), List.copyOf(validation.errorsByKey().keySet()));
        assertTrue(validation.errorsFor("batch.size").get(0).contains("many"), validation::toString);
    }

    @Test
    void offsetsPatchedThroughTheRestApiReplayTheFileFromThatPosition() throws IOException {
        List<String> lines = IntStream.range(0, 100).mapToObj(GrowingFile::line).toList();
        Path file = Files.write(kafka.workDir().resolve("rewind.txt"), lines, StandardCharsets.UTF_8);
        ConnectRestClient rest = kafka.rest();
        rest.createConnector("rewind", FileStreamConnectors.sourceConfig(file, "rewind-lines"));
        kafka.cluster().awaitRunning("rewind", 1, TIMEOUT);
        ConnectorOffset committed = awaitCommittedPosition(rest, "rewind", Files.size(file));

        rest.stop("rewind");
        awaitConnectorState(rest, "rewind", "STOPPED");
        long lineFifty = 50L * (GrowingFile.line(0).length() + 1);
        rest.alterOffsets("rewind", List.of(new ConnectorOffset(committed.partition(), Map.of("position", lineFifty))));
        rest.resume("rewind");

        try (TopicReader topic = new TopicReader(kafka.broker().bootstrapServers(), "rewind-lines")) {
            List<String> values = topic.awaitAtLeast(150, TIMEOUT);
            assertEquals(lines, values.subList(0, 100));
            assertEquals(lines.subList(50, 100), values.subList(100, 150));
        }
    }

    @Test
    void offsetsResetThroughTheRestApiReplayTheWholeFile() throws IOException {
        List<String> lines = IntStream.range(0, 100).mapToObj(GrowingFile::line).toList();
        Path file = Files.write(kafka.workDir().resolve("reset.txt"), lines, StandardCharsets.UTF_8);
        ConnectRestClient rest = kafka.rest();
        rest.createConnector("reset", FileStreamConnectors.sourceConfig(file, "reset-lines"));
        kafka.cluster().awaitRunning("reset", 1, TIMEOUT);
        awaitCommittedPosition(rest, "reset", Files.size(file));

        rest.stop("reset");
        awaitConnectorState(rest, "reset", "STOPPED");
        rest.resetOffsets("reset");
        assertEquals(List.of(), rest.offsets("reset"));
        rest.resume("reset");

        try (TopicReader topic = new TopicReader(kafka.broker().bootstrapServers(), "reset-lines")) {
            List<String> values = topic.awaitAtLeast(200, TIMEOUT);
            assertEquals(lines, values.subList(0, 100));
            assertEquals(lines, values.subList(100, 200));
        }
    }

    /** Waits until the connector's committed offset (flushed every second) is {@code position}: the file's end. */
    private static ConnectorOffset awaitCommittedPosition(ConnectRestClient rest, String connector, long position) {
        return Await.value("connector " + connector + " committing position " + position, TIMEOUT,
                () -> rest.offsets(connector).stream()
                        .filter(o -> o.offset() != null
                                && ((Number) o.offset().get("position")).longValue() == position)
                        .findFirst());
    }

    private static void awaitConnectorState(ConnectRestClient rest, String connector, String state) {
        Await.until("connector " + connector + " " + state, TIMEOUT, () -> state.equals(rest.status(connector).state()));
    }
}
