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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Kafka Connect 3.9.1 worker process (the oldest line the end-to-end tests cover, what older managed
 * platforms run) against the pinned 4.3.1 broker, running plugins built against Connect 4.3.1 from plugin.path:
 * the three amp Hub zips run the reorg pipeline (exactly-once source, rows and arrow, PostgreSQL and Redis)
 * to the exact canonical chain, and Kafka's own FileStream connector runs from its 4.3.1 jar.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MinimumRuntimeIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final PipelineExtension pipeline = PipelineExtension.builder()
            .workerRuntime(BuildOutputs.minimumConnect())
            .simulator(b -> b.initialHead(ReorgScenario.INITIAL_HEAD))
            .extraPlugins(FileStreamConnectors::install)
            .build();

    @Test
    @Order(1)
    void workerRunsConnect39AgainstTheKafka43Broker() {
        assertEquals("3.9.1", pipeline.rest().workerInfo().version());
        assertEquals("4.3.1", pipeline.broker().runtimeVersion());
    }

    @Test
    @Order(2)
    void theAmpPipelineEndsWithTheCanonicalChainOnAConnect39Worker() throws IOException {
        PipelineConnectors connectors = PipelineConnectors.deployAll(pipeline);
        ReorgScenario.Figures figures = ReorgScenario.run(pipeline, connectors, 0, TIMEOUT);
        connectors.awaitMatchesCanonicalChain(TIMEOUT);
        System.out.println("MinimumRuntimeIT figures: " + figures);
        assertTrue(figures.reorgs() >= 3, figures::toString);
        // KIP-877 plugin metrics are 4.1+: both kinds of task run without them and say so once per task
        String workerLog = Files.readString(pipeline.cluster().worker(0).logFile(), StandardCharsets.UTF_8);
        for (String kind : List.of("source", "sink")) {
            assertTrue(workerLog.contains("This Connect worker has no plugin metrics (Kafka < 4.1); " + kind
                    + " metrics are not published"), kind + " metrics guard not logged");
        }
    }

    @Test
    @Order(3)
    void connect39WorkerRunsAConnectorBuiltAgainstConnect43FromPluginPath() throws IOException {
        List<String> lines = IntStream.range(0, 300).mapToObj(GrowingFile::line).toList();
        Path file = Files.write(pipeline.workDir().resolve("legacy.txt"), lines, StandardCharsets.UTF_8);

        List<ConnectorPlugin> plugins = pipeline.rest().connectorPlugins();
        pipeline.createTopics("legacy-lines");
        pipeline.rest().createConnector("legacy", FileStreamConnectors.sourceConfig(file, "legacy-lines"));
        pipeline.cluster().awaitRunning("legacy", 1, TIMEOUT);

        assertTrue(FileStreamConnectors.listed(plugins, FileStreamConnectors.SOURCE_CLASS, "source"),
                plugins::toString);
        try (Stream<Path> workerJars = Files.list(pipeline.cluster().settings().runtime().libs())) {
            assertFalse(workerJars.anyMatch(j -> j.getFileName().toString().startsWith("connect-file")),
                    "the 3.9.1 worker must find FileStream only in plugin.path (the 4.3.1 jar)");
        }
        try (TopicReader topic = new TopicReader(pipeline.broker().bootstrapServers(), "legacy-lines")) {
            assertEquals(lines, topic.awaitAtLeast(lines.size(), TIMEOUT));
        }
    }
}
