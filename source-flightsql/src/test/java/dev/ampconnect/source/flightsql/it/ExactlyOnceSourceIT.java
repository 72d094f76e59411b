package dev.ampconnect.source.flightsql.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.testsupport.connect.ConnectCluster;
import dev.ampconnect.testsupport.connect.ConnectClusterExtension;
import dev.ampconnect.testsupport.connect.ConnectClusterSpec;
import dev.ampconnect.testsupport.connect.ConnectorClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once source (KIP-618) with connector-defined transactions on a real worker
 * ({@code producer.transaction.timeout.ms=10000}): restarts of the connector and of the worker leave no
 * duplicate for a {@code read_committed} consumer, and a microbatch that trickles in for longer than the
 * transaction timeout is committed in time-bounded pieces instead of crash-looping.
 */
class ExactlyOnceSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
            ConnectClusterSpec.defaults().withExactlyOnceSource().withFastFailover());

    private static ConnectCluster cluster() {
        return CONNECT.cluster();
    }

    private static Map<String, String> exactlyOnce(Map<String, String> config) {
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "connector");
        return config;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readCommittedThroughBlock(String topic, long block) {
        return cluster().topic(topic).readCommitted()
                .readUntil(records -> StreamTopic.lastWatermarkEnd(records) >= block, TIMEOUT);
    }

    /** Every data row of the topic (raw, no contract applied) appears once, and the contract gives the canonical chain. */
    private static void assertNoDuplicateAndCanonical(AmpSimulator amp, StreamTopic topic) {
        Set<String> seen = new HashSet<>();
        for (StreamTopic.Item item : topic.ofKind(RecordKind.DATA)) {
            String key = CanonicalChain.blockKey(item.value());
            assertTrue(seen.add(key), "duplicate row visible to read_committed: " + key);
        }
        long end = StreamTopic.lastWatermarkEnd(topic.items().stream().map(StreamTopic.Item::raw).toList());
        List<String> canonical = amp.canonicalRows("blocks", 0, end).stream().map(CanonicalChain::blockKey).toList();
        assertEquals(canonical, CanonicalChain.blockKeys(topic.replay().completeValues()));
    }

    @Test
    void restartingTheConnectorMidStreamLeavesNoDuplicateForReadCommitted() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(10).maxBlocksPerMicrobatch(4)
                .blockInterval(Duration.ofMillis(100)).start()) {
            cluster().createTopic("eos-restart", 1);
            ConnectorClient connector = cluster().connector("eos-restart");
            connector.configure(exactlyOnce(SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "eos-restart")));
            connector.awaitRunning(1, TIMEOUT);
            readCommittedThroughBlock("eos-restart", 20);

            connector.stop(TIMEOUT);
            connector.resume();
            connector.awaitRunning(1, TIMEOUT);
            long target = amp.chain().head() + 10;

            StreamTopic topic = StreamTopic.of(readCommittedThroughBlock("eos-restart", target), StreamTopic.jsonValues());
            assertNoDuplicateAndCanonical(amp, topic);
            connector.delete();
        }
    }

    @Test
    void restartingTheWorkerMidStreamLeavesNoDuplicateForReadCommitted() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(10).maxBlocksPerMicrobatch(4)
                .blockInterval(Duration.ofMillis(100)).start()) {
            cluster().createTopic("eos-worker", 1);
            ConnectorClient connector = cluster().connector("eos-worker");
            connector.configure(exactlyOnce(SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "eos-worker")));
            connector.awaitRunning(1, TIMEOUT);
            readCommittedThroughBlock("eos-worker", 20);

            cluster().embedded().removeWorker();
            cluster().embedded().addWorker();
            connector.awaitRunning(1, TIMEOUT);
            long target = amp.chain().head() + 10;

            StreamTopic topic = StreamTopic.of(readCommittedThroughBlock("eos-worker", target), StreamTopic.jsonValues());
            assertNoDuplicateAndCanonical(amp, topic);
            connector.delete();
        }
    }

    @Test
    void aMicrobatchTricklingInLongerThanTheTransactionTimeoutIsCommittedInPiecesWithoutCrashLooping() throws Exception {
        // one 20-block microbatch whose rows arrive one by one over 25 s, against a 10 s transaction timeout
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(19).maxBlocksPerMicrobatch(20)
                .microbatchComputeTime(Duration.ofSeconds(25)).maxPieceRows(1).keepAliveInterval(Duration.ofSeconds(2))
                .start()) {
            cluster().createTopic("eos-slow", 1);
            ConnectorClient connector = cluster().connector("eos-slow");
            Map<String, String> config = exactlyOnce(SourceConfigs.rows(amp.uri().toString(), "blocks",
                    "SELECT * FROM anvil.blocks", "eos-slow"));
            config.put("transaction.max.ms", "2000");
            connector.configure(config);
            connector.awaitRunning(1, TIMEOUT);

            List<ConsumerRecord<byte[], byte[]>> partial = cluster().topic("eos-slow").readCommitted()
                    .readUntil(records -> records.size() >= 5, TIMEOUT);
            assertEquals(-1, StreamTopic.lastWatermarkEnd(partial),
                    "rows of the unfinished microbatch are already committed (time-bounded transactions)");

            StreamTopic topic = StreamTopic.of(readCommittedThroughBlock("eos-slow", 19), StreamTopic.jsonValues());
            connector.awaitRunning(1, Duration.ofSeconds(5));
            assertNoDuplicateAndCanonical(amp, topic);
            connector.delete();
        }
    }
}
