package dev.ampconnect.packaging.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.ampconnect.packaging.rest.ConnectorPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kafka Connect 3.9.1 worker process (the oldest line the end-to-end tests cover, what older managed
 * platforms run) against the pinned 4.3.1 broker, running a plugin built against Connect 4.3.1 from
 * plugin.path: the situation of every amp connector zip deployed on such a platform.
 */
class MinimumRuntimeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaConnectExtension kafka = KafkaConnectExtension.builder()
            .workerRuntime(BuildOutputs.minimumConnect())
            .plugins(FileStreamConnectors::install)
            .build();

    @Test
    void workerRunsConnect39AgainstTheKafka43Broker() {
        assertEquals("3.9.1", kafka.rest().workerInfo().version());
        assertEquals("4.3.1", kafka.broker().runtimeVersion());
    }

    @Test
    void connect39WorkerRunsAConnectorBuiltAgainstConnect43FromPluginPath() throws IOException {
        List<String> lines = IntStream.range(0, 300).mapToObj(GrowingFile::line).toList();
        Path file = Files.write(kafka.workDir().resolve("legacy.txt"), lines, StandardCharsets.UTF_8);

        List<ConnectorPlugin> plugins = kafka.rest().connectorPlugins();
        kafka.rest().createConnector("legacy", FileStreamConnectors.sourceConfig(file, "legacy-lines"));
        kafka.cluster().awaitRunning("legacy", 1, TIMEOUT);

        assertTrue(FileStreamConnectors.listed(plugins, FileStreamConnectors.SOURCE_CLASS, "source"),
                plugins::toString);
        try (Stream<Path> workerJars = Files.list(kafka.cluster().settings().runtime().libs())) {
            assertFalse(workerJars.anyMatch(j -> j.getFileName().toString().startsWith("connect-file")),
                    "the 3.9.1 worker must find FileStream only in plugin.path (the 4.3.1 jar)");
        }
        try (TopicReader topic = new TopicReader(kafka.broker().bootstrapServers(), "legacy-lines")) {
            assertEquals(lines, topic.awaitAtLeast(lines.size(), TIMEOUT));
        }
    }
}
