package dev.ampconnect.source.flightsql.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.InvalidationReason;
import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.common.contract.Watermark;
import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.simulator.SelfSignedCertificate;
import dev.ampconnect.source.flightsql.it.StreamTopic.Item;
import dev.ampconnect.testsupport.Await;
import dev.ampconnect.testsupport.connect.ConnectCluster;
import dev.ampconnect.testsupport.connect.ConnectClusterExtension;
import dev.ampconnect.testsupport.connect.ConnectorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source in a real Connect worker (configured through REST) against the amp simulator, without
 * exactly-once: linear streams in both record formats, reorgs live and while stopped, TLS.
 */
class AmpSourceConnectorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static ConnectCluster cluster() {
        return CONNECT.cluster();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readThroughBlock(String topic, long block) {
        return cluster().topic(topic).readUntil(records -> StreamTopic.lastWatermarkEnd(records) >= block, TIMEOUT);
    }

    private static ConnectorClient start(String name, Map<String, String> config) {
        ConnectorClient connector = cluster().connector(name);
        connector.configure(config);
        connector.awaitRunning(1, TIMEOUT);
        return connector;
    }

    @Test
    void aLinearStreamDeliversEveryRowInOrderWithContractHeadersAndBatchIds() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(29).maxBlocksPerMicrobatch(10).start()) {
            cluster().createTopic("linear-blocks", 1);
            ConnectorClient connector = start("linear", SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "linear-blocks"));

            StreamTopic topic = StreamTopic.of(readThroughBlock("linear-blocks", 29), StreamTopic.jsonValues());

            Item first = topic.items().get(0);
            assertEquals(RecordKind.INVALIDATION, first.kind(), "a session starts with its rewind");
            assertEquals(Invalidation.rewind("blocks", "anvil", 0), ControlSchemas.invalidation(first.value()));
            assertEquals("true", header(first, AmpHeaders.CONTROL));

            List<Item> watermarks = topic.ofKind(RecordKind.WATERMARK);
            assertEquals(List.of(9L, 19L, 29L), watermarks.stream().map(w -> w.meta().ranges().get(0).end()).toList(),
                    "microbatches of at most 10 blocks, each closed by a watermark");
            long rowsBefore = 0;
            for (Item item : topic.items()) {
                if (item.kind() == RecordKind.DATA) {
                    assertEquals(BatchId.of(item.meta().ranges()), item.meta().batchId());
                    assertEquals(item.meta().batchId(), ((Struct) item.value()).getString(AmpHeaders.BATCH_ID_COLUMN));
                    assertEquals(rowsBefore, item.meta().row(), "amp.row counts rows within the microbatch");
                    assertEquals(first.meta().session(), item.meta().session(), "one session");
                    rowsBefore++;
                } else if (item.kind() == RecordKind.WATERMARK) {
                    Watermark watermark = ControlSchemas.watermark(item.value());
                    assertEquals(rowsBefore, watermark.rows(), "the watermark counts its microbatch's rows");
                    rowsBefore = 0;
                }
            }
            List<String> delivered = CanonicalChain.blockKeys(topic.replay().values());
            assertEquals(CanonicalChain.blocks(amp), delivered, "every block once, in order");

            Map<String, ?> offset = Await.value("the offset at the last watermark", TIMEOUT,
                    () -> Optional.ofNullable(connector.sourceOffsets().get(Map.of("stream", "blocks")))
                            .filter(o -> o.get("cursor").toString().contains("\"number\":29")),
                    () -> String.valueOf(connector.sourceOffsets()));
            assertEquals(Set.of("stream"), connector.sourceOffsets().keySet().iterator().next().keySet(),
                    "one-key source partition");
            assertEquals(1, ((Number) offset.get("v")).intValue());
            assertTrue(offset.get("history") instanceof String history && history.startsWith("[{\"anvil\":["),
                    "history is the compact list as JSON text (Connect offsets hold primitives only): " + offset);
            connector.delete();
        }
    }

    @Test
    void theArrowFormatCarriesTheSameRowsAsIpcPayloads() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(19).maxBlocksPerMicrobatch(10).start()) {
            cluster().createTopic("arrow-blocks", 1);
            ConnectorClient connector = start("arrow", SourceConfigs.arrow(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "arrow-blocks"));

            StreamTopic topic = StreamTopic.of(readThroughBlock("arrow-blocks", 19), StreamTopic.rawValues());
            List<String> delivered = new ArrayList<>();
            for (Object payload : topic.replay().values()) {
                delivered.addAll(ArrowPayloads.blockKeys((byte[]) payload));
            }
            assertEquals(CanonicalChain.blocks(amp), delivered);
            assertEquals(2, topic.ofKind(RecordKind.WATERMARK).size());
            connector.delete();
        }
    }

    @Test
    void aReorgEmitsItsInvalidationBeforeTheNewForkAndTheTopicReproducesTheCanonicalChain() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(20).maxBlocksPerMicrobatch(5).start()) {
            cluster().createTopic("reorg-blocks", 1);
            ConnectorClient connector = start("reorg", SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "reorg-blocks"));
            readThroughBlock("reorg-blocks", 20);

            amp.chain().reorg(3); // blocks 18..20 replaced
            amp.chain().mine(4);
            StreamTopic topic = StreamTopic.of(readThroughBlock("reorg-blocks", 24), StreamTopic.jsonValues());

            List<Item> reorgs = topic.ofKind(RecordKind.INVALIDATION).stream()
                    .filter(item -> ControlSchemas.invalidation(item.value()).reason() == InvalidationReason.REORG).toList();
            assertEquals(1, reorgs.size(), "one reorg invalidation");
            Invalidation invalidation = ControlSchemas.invalidation(reorgs.get(0).value());
            assertTrue(invalidation.startBlock() <= 18 && invalidation.endBlock() >= 20,
                    "covers the replaced blocks, from a microbatch boundary: " + invalidation);
            int at = topic.items().indexOf(reorgs.get(0));
            Item next = topic.items().get(at + 1);
            assertTrue(next.kind() != RecordKind.DATA || next.meta().ranges().get(0).start() == invalidation.startBlock(),
                    "the new fork's rows follow the invalidation");
            assertEquals(CanonicalChain.blocks(amp), CanonicalChain.blockKeys(topic.replay().values()));
            connector.delete();
        }
    }

    @Test
    void aReorgWhileTheConnectorIsStoppedIsDetectedAndRecoveredAfterRestart() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(15).maxBlocksPerMicrobatch(4).start()) {
            cluster().createTopic("stopped-blocks", 1);
            ConnectorClient connector = start("stopped", SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "stopped-blocks"));
            readThroughBlock("stopped-blocks", 15);
            connector.stop(TIMEOUT);

            amp.chain().reorg(5); // 11..15 replaced while nobody listens
            amp.chain().mine(3);
            connector.resume();
            connector.awaitRunning(1, TIMEOUT);
            StreamTopic topic = StreamTopic.of(readThroughBlock("stopped-blocks", 18), StreamTopic.jsonValues());

            List<Invalidation> invalidations = topic.replay().invalidations();
            assertTrue(invalidations.stream().anyMatch(i -> i.reason() == InvalidationReason.REORG && i.startBlock() <= 11),
                    "the stored cursor's block is gone: a reorg invalidation from at most block 11: " + invalidations);
            assertEverySessionStartsWithARewind(topic);
            assertEquals(CanonicalChain.blocks(amp), CanonicalChain.blockKeys(topic.replay().values()));
            connector.delete();
        }
    }

    @Test
    void tlsWithATestGeneratedCertificateIsTrustedThroughTheCaFile(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir);
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(9).maxBlocksPerMicrobatch(10)
                .tls(certificate.certificate(), certificate.privateKey()).bearerToken("s3cret").start()) {
            assertTrue(amp.uri().toString().startsWith("grpc+tls://"));
            cluster().createTopic("tls-blocks", 1);
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks", "SELECT * FROM anvil.blocks", "tls-blocks");
            config.put("amp.server.tls.ca.file", certificate.certificate().toString());
            config.put("amp.server.token", "s3cret");
            ConnectorClient connector = start("tls", config);
            StreamTopic topic = StreamTopic.of(readThroughBlock("tls-blocks", 9), StreamTopic.jsonValues());
            assertEquals(CanonicalChain.blocks(amp), CanonicalChain.blockKeys(topic.replay().values()));
            connector.delete();
        }
    }

    @Test
    void withoutExactlyOnceARestartMidStreamStillReproducesTheCanonicalChainThroughTheRewind() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(10).maxBlocksPerMicrobatch(4)
                .blockInterval(Duration.ofMillis(100)).start()) {
            cluster().createTopic("restart-blocks", 1);
            ConnectorClient connector = start("restart", SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "restart-blocks"));
            readThroughBlock("restart-blocks", 20);
            connector.restartTask(0);
            connector.awaitRunning(1, TIMEOUT);
            long target = amp.chain().head() + 10;

            StreamTopic topic = StreamTopic.of(readThroughBlock("restart-blocks", target), StreamTopic.jsonValues());
            long end = StreamTopic.lastWatermarkEnd(topic.items().stream().map(Item::raw).toList());
            assertEquals(amp.canonicalRows("blocks", 0, end).stream().map(CanonicalChain::blockKey).toList(),
                    CanonicalChain.blockKeys(topic.replay().completeValues()));
            assertEverySessionStartsWithARewind(topic);
            connector.delete();
        }
    }

    @Test
    void anOperatorRewindThroughTheOffsetsApiReplaysFromTheGivenCursor() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(19).maxBlocksPerMicrobatch(10).start()) {
            cluster().createTopic("rewind-blocks", 1);
            ConnectorClient connector = start("rewind", SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "rewind-blocks"));
            readThroughBlock("rewind-blocks", 19);
            connector.stop(TIMEOUT);
            org.apache.kafka.connect.runtime.rest.errors.ConnectRestException rejected = org.junit.jupiter.api.Assertions
                    .assertThrows(org.apache.kafka.connect.runtime.rest.errors.ConnectRestException.class,
                            () -> connector.patchSourceOffset(Map.of("stream", "blocks"), Map.of("cursor", "{\"anvil\":5}")));
            assertTrue(rejected.getMessage().contains("invalid source offset for stream blocks"), rejected.getMessage());

            // a rewind target is a microbatch end (sinks delete whole microbatches): block 9 closed the first one
            String cursor = "{\"anvil\":{\"number\":9,\"hash\":\"" + amp.chain().block(9).hash().hex() + "\"}}";
            connector.patchSourceOffset(Map.of("stream", "blocks"), Map.of("cursor", cursor));
            connector.resume();
            connector.awaitRunning(1, TIMEOUT);
            amp.chain().mine(1);

            StreamTopic topic = StreamTopic.of(readThroughBlock("rewind-blocks", 20), StreamTopic.jsonValues());
            List<Invalidation> invalidations = topic.replay().invalidations();
            assertEquals(Invalidation.rewind("blocks", "anvil", 10), invalidations.get(invalidations.size() - 1),
                    "the new session rewinds from the operator's cursor + 1");
            assertEquals(CanonicalChain.blocks(amp), CanonicalChain.blockKeys(topic.replay().values()));
            connector.delete();
        }
    }

    /** The first record of every {@code amp.session} is its open-ended rewind. */
    static void assertEverySessionStartsWithARewind(StreamTopic topic) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Item item : topic.items()) {
            if (seen.add(item.meta().session())) {
                assertEquals(RecordKind.INVALIDATION, item.kind(), "session " + item.meta().session() + " starts with " + item.kind());
                Invalidation rewind = ControlSchemas.invalidation(item.value());
                assertEquals(InvalidationReason.REWIND, rewind.reason());
                assertTrue(rewind.isOpenEnded());
            }
        }
        assertTrue(seen.size() >= 2, "a restart opens a new session");
    }

    @Test
    void aServerRestartIsBridgedByReconnectingFromTheLastWatermark() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectorClient connector;
        try (AmpSimulator first = AmpSimulator.builder().port(port).network("anvil").initialHead(19)
                .maxBlocksPerMicrobatch(10).start()) {
            cluster().createTopic("bridged-blocks", 1);
            connector = start("bridged", SourceConfigs.rows(first.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "bridged-blocks"));
            readThroughBlock("bridged-blocks", 19);
        }
        // the same deterministic chain, grown by ten blocks, back on the same address
        try (AmpSimulator second = AmpSimulator.builder().port(port).network("anvil").initialHead(29)
                .maxBlocksPerMicrobatch(10).start()) {
            StreamTopic topic = StreamTopic.of(readThroughBlock("bridged-blocks", 29), StreamTopic.jsonValues());
            assertEverySessionStartsWithARewind(topic);
            assertEquals(CanonicalChain.blocks(second), CanonicalChain.blockKeys(topic.replay().values()));
            connector.awaitRunning(1, TIMEOUT);
            connector.delete();
        }
    }

    @Test
    void aServerThatStaysAwayFailsTheTaskWithAClearErrorAfterTheConfiguredAttempts() throws Exception {
        ConnectorClient connector;
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(4).start()) {
            cluster().createTopic("gone-blocks", 1);
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks", "SELECT * FROM anvil.blocks",
                    "gone-blocks");
            config.put("reconnect.max.attempts", "3");
            connector = start("gone", config);
            readThroughBlock("gone-blocks", 4);
        }
        String trace = Await.value("task FAILED", TIMEOUT, () -> connector.status()
                .flatMap(status -> status.tasks().stream().filter(task -> "FAILED".equals(task.state())).findFirst())
                .map(task -> task.trace()), () -> String.valueOf(connector.status()));
        assertTrue(trace.contains("stream blocks") && trace.contains("giving up after 3 failed connection attempts")
                && trace.contains("UNAVAILABLE"), trace);
        connector.delete();
    }

    @Test
    void aServerReplayingTheSameReorgOnEveryReconnectFailsTheTaskNamingTheBlocks() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(14).maxBlocksPerMicrobatch(5)
                .replayReorgOnEveryStream(12).start()) {
            cluster().createTopic("storm-blocks", 1);
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks", "SELECT * FROM anvil.blocks",
                    "storm-blocks");
            config.put("reconnect.repeated.reorg.max", "3");
            ConnectorClient connector = start("storm", config);

            String trace = Await.value("task FAILED", TIMEOUT, () -> connector.status()
                    .flatMap(status -> status.tasks().stream().filter(task -> "FAILED".equals(task.state())).findFirst())
                    .map(task -> task.trace()), () -> String.valueOf(connector.status()));
            assertTrue(trace.contains("stream blocks: the server sent the same reorg 4 times in a row")
                    && trace.contains("blocks 10..14 of network anvil") && trace.contains("anvil[13..14")
                    && trace.contains("reconnect.repeated.reorg.max=3"), trace);
            // the first session and three reconnects, no more: the topic stops growing
            assertEquals(4, amp.streamsStarted(), "stream openings");
            // each session: its rewind, the phantom microbatch 10..14, the reorg invalidation
            StreamTopic topic = StreamTopic.of(cluster().topic("storm-blocks").readUntil(
                    records -> StreamTopic.count(records, RecordKind.INVALIDATION) >= 8, TIMEOUT), StreamTopic.jsonValues());
            List<Invalidation> invalidations = topic.replay().invalidations();
            assertEquals(4, invalidations.stream().filter(i -> i.reason() == InvalidationReason.REORG
                    && i.startBlock() == 10 && i.endBlock() == 14).count(), invalidations::toString);
            assertEquals(amp.canonicalRows("blocks", 0, 9).stream().map(CanonicalChain::blockKey).toList(),
                    CanonicalChain.blockKeys(topic.replay().values()),
                    "what stays valid is the canonical chain up to the recovery point");
            connector.delete();
        }
    }

    private static String header(Item item, String name) {
        org.apache.kafka.common.header.Header header = item.raw().headers().lastHeader(name);
        assertFalse(header == null, "missing header " + name);
        return new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
