package dev.ampconnect.source.flightsql.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.ControlSchemas;
import dev.ampconnect.common.contract.Invalidation;
import dev.ampconnect.common.contract.InvalidationReason;
import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.simulator.AmpSimulator;
import dev.ampconnect.testsupport.Await;
import dev.ampconnect.testsupport.connect.ConnectCluster;
import dev.ampconnect.testsupport.connect.ConnectClusterExtension;
import dev.ampconnect.testsupport.connect.ConnectorClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batch mode, {@code confirmations}, and several streams spread over tasks, on a real worker. */
class StreamModesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension();

    private static ConnectCluster cluster() {
        return CONNECT.cluster();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readThroughBlock(String topic, long block) {
        return cluster().topic(topic).readUntil(records -> StreamTopic.lastWatermarkEnd(records) >= block, TIMEOUT);
    }

    @Test
    void batchModeRunsTheQueryOnceAndARestartedTaskDoesNotRunItAgain() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(29).start()) {
            cluster().createTopic("batch-blocks", 1);
            ConnectorClient connector = cluster().connector("batch");
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "backfill",
                    "SELECT * FROM anvil.blocks WHERE block_num BETWEEN 5 AND 20", "batch-blocks");
            config.put("mode", "batch");
            connector.configure(config);
            connector.awaitRunning(1, TIMEOUT);

            StreamTopic topic = StreamTopic.of(readThroughBlock("batch-blocks", 20), StreamTopic.jsonValues());
            assertEquals(amp.canonicalRows("blocks", 5, 20).stream().map(CanonicalChain::blockKey).toList(),
                    CanonicalChain.blockKeys(topic.replay().completeValues()));
            Map<String, ?> offset = Await.value("the batch query's final offset", TIMEOUT,
                    () -> Optional.ofNullable(connector.sourceOffsets().get(Map.of("stream", "backfill")))
                            .filter(o -> Boolean.TRUE.equals(o.get("complete"))),
                    () -> String.valueOf(connector.sourceOffsets()));
            assertTrue(offset.get("cursor").toString().contains("\"number\":20"), offset.toString());

            int recordsBefore = topic.items().size();
            connector.stop(TIMEOUT);
            connector.resume();
            connector.awaitRunning(1, TIMEOUT);
            amp.chain().mine(5);
            // the stream idles at its final offset: no new session, no record (checked against a marker stream)
            cluster().createTopic("batch-marker", 1);
            ConnectorClient marker = cluster().connector("batch-marker");
            marker.configure(SourceConfigs.rows(amp.uri().toString(), "marker", "SELECT * FROM anvil.blocks", "batch-marker"));
            marker.awaitRunning(1, TIMEOUT);
            readThroughBlock("batch-marker", 34);
            assertEquals(recordsBefore, cluster().topic("batch-blocks").readToEnd(Duration.ofSeconds(10)).size(),
                    "a completed batch query is not run again");
            marker.delete();
            connector.delete();
        }
    }

    @Test
    void batchModeWinsOverAStreamSettingInTheQuery() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(9).start()) {
            cluster().createTopic("batch-settings", 1);
            ConnectorClient connector = cluster().connector("batch-settings");
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "settings",
                    "SELECT * FROM anvil.blocks SETTINGS stream = true", "batch-settings");
            config.put("mode", "batch");
            connector.configure(config);
            connector.awaitRunning(1, TIMEOUT);

            // without amp-stream: false the server would stream and the query would never complete
            Await.value("the batch query's final offset", TIMEOUT,
                    () -> Optional.ofNullable(connector.sourceOffsets().get(Map.of("stream", "settings")))
                            .filter(o -> Boolean.TRUE.equals(o.get("complete"))),
                    () -> String.valueOf(connector.sourceOffsets()));
            StreamTopic topic = StreamTopic.of(readThroughBlock("batch-settings", 9), StreamTopic.jsonValues());
            assertEquals(CanonicalChain.blocks(amp), CanonicalChain.blockKeys(topic.replay().completeValues()));
            connector.delete();
        }
    }

    @Test
    void aServerWithNothingSyncedIsPolledUntilItsDataArrives() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(9).nothingSynced().start()) {
            cluster().createTopic("unsynced-blocks", 1);
            ConnectorClient connector = cluster().connector("unsynced");
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks", "SELECT * FROM anvil.blocks",
                    "unsynced-blocks");
            config.put("reconnect.backoff.initial.ms", "50");
            config.put("reconnect.backoff.max.ms", "200");
            config.put("reconnect.max.attempts", "2");
            connector.configure(config);
            connector.awaitRunning(1, TIMEOUT);
            // more empty answers than reconnect.max.attempts allows failures: polling is not failing
            Await.condition("the source polled the unsynced server 5 times", TIMEOUT, () -> amp.streamsStarted() >= 5,
                    () -> amp.streamsStarted() + " queries so far");
            connector.awaitRunning(1, TIMEOUT);
            assertEquals(List.of(), cluster().topic("unsynced-blocks").readToEnd(Duration.ofSeconds(2)),
                    "nothing synced, nothing emitted (not even a rewind)");

            amp.markSynced();
            StreamTopic topic = StreamTopic.of(readThroughBlock("unsynced-blocks", 9), StreamTopic.jsonValues());
            assertEquals(CanonicalChain.blocks(amp), CanonicalChain.blockKeys(topic.replay().values()));
            connector.delete();
        }
    }

    @Test
    void confirmationsKeepAShallowReorgOutOfKafkaEntirely() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(20).maxBlocksPerMicrobatch(2).start()) {
            cluster().createTopic("confirmed-blocks", 1);
            ConnectorClient connector = cluster().connector("confirmed");
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks", "SELECT * FROM anvil.blocks",
                    "confirmed-blocks");
            config.put("confirmations", "4");
            connector.configure(config);
            connector.awaitRunning(1, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> before = readThroughBlock("confirmed-blocks", 14);
            assertTrue(StreamTopic.lastWatermarkEnd(before) <= 16, "blocks younger than 4 confirmations are held back");

            amp.chain().reorg(3); // 18..20 replaced: all still held back
            amp.chain().mine(10);
            StreamTopic topic = StreamTopic.of(readThroughBlock("confirmed-blocks", 24), StreamTopic.jsonValues());

            List<Invalidation> reorgs = topic.ofKind(RecordKind.INVALIDATION).stream()
                    .map(item -> ControlSchemas.invalidation(item.value()))
                    .filter(invalidation -> invalidation.reason() == InvalidationReason.REORG).toList();
            assertEquals(List.of(), reorgs, "a reorg shallower than the confirmations never reaches Kafka");
            long end = StreamTopic.lastWatermarkEnd(topic.items().stream().map(StreamTopic.Item::raw).toList());
            // rows of the batch after the last watermark may already be read (the stream goes on): compare up to it
            List<String> replayed = CanonicalChain.blockKeys(topic.replay().values()).stream()
                    .filter(key -> Long.parseLong(key.substring(0, key.indexOf(':'))) <= end).toList();
            assertEquals(amp.canonicalRows("blocks", 0, end).stream().map(CanonicalChain::blockKey).toList(), replayed);
            connector.delete();
        }
    }

    @Test
    void streamsAreSpreadOverTasksEachIntoItsOwnTopic() throws Exception {
        try (AmpSimulator amp = AmpSimulator.builder().network("anvil").initialHead(9).maxBlocksPerMicrobatch(10).start()) {
            cluster().createTopic("multi-blocks", 1);
            cluster().createTopic("multi-transactions", 1);
            Map<String, String> config = SourceConfigs.rows(amp.uri().toString(), "blocks", "SELECT * FROM anvil.blocks",
                    "multi-blocks");
            config.put("tasks.max", "2");
            config.put("streams", "blocks,transactions");
            config.put("stream.transactions.query", "SELECT * FROM anvil.transactions");
            config.put("stream.transactions.topic", "multi-transactions");
            ConnectorClient connector = cluster().connector("multi");
            connector.configure(config);
            connector.awaitRunning(2, TIMEOUT);

            StreamTopic blocks = StreamTopic.of(readThroughBlock("multi-blocks", 9), StreamTopic.jsonValues());
            StreamTopic transactions = StreamTopic.of(readThroughBlock("multi-transactions", 9), StreamTopic.jsonValues());
            assertEquals(CanonicalChain.blocks(amp), CanonicalChain.blockKeys(blocks.replay().values()));
            assertEquals(amp.canonicalRows("transactions").size(), transactions.replay().values().size());
            assertTrue(transactions.items().stream().allMatch(item -> item.meta().stream().equals("transactions")));
            connector.delete();
        }
    }
}
