package dev.ampconnect.common.sink.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ampconnect.common.range.BatchId;
import dev.ampconnect.common.range.BlockRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * The streaming suite every sink inherits: batch ids, invalidations (reorg and rewind), the continuity
 * check, sessions, restarts, crashes, fencing, connector isolation and keyed-mode pre-images
 * (docs/ARCHITECTURE.md sink rules 1-7), against the backend's real store.
 */
public abstract class SinkStreamingConformance extends ConformanceSupport {

    @Test
    void rowsLandWithTheirBatchId() {
        ChainStream chain = stream("eth");
        chain.batch(100, 102, 1);
        task().deliver().commit();

        String expected = BatchId.of(chain.range(100, 102));
        assertTrue(probe().columnNames(topic).contains("_amp_batch_id"));
        for (Map<String, Object> row : probe().rows(topic, rowSchema(), "id")) {
            assertEquals(expected, row.get("_amp_batch_id"));
        }
    }

    @Test
    void invalidatingBlocks104To108LeavesOnlyTheFirstBatch() {
        ChainStream chain = stream("eth");
        chain.batch(100, 102, 1);
        chain.batch(103, 104, 1);
        chain.batch(105, 106, 1);
        chain.batch(107, 108, 1);
        SinkTaskDriver driver = task().deliver();
        driver.commit();
        assertRowCount(9, topic);

        chain.reorg(104, 108);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 102, 1), sorted(ids(topic)),
                "whole batches ending at or after block 104 are gone, 103-104 included");
        assertEquals(1, driver.metrics().invalidations());
        assertEquals(6, driver.metrics().rowsDeleted());
    }

    @Test
    void arrowFormatBatchesSplitOverManyRecordsFollowTheSameReorgRules() {
        ChainStream chain = stream("eth").arrowFormat(4_096);
        chain.batch(100, 102, 100);
        chain.batch(103, 104, 100);
        chain.batch(105, 108, 100);
        SinkTaskDriver driver = task(CONNECTOR, Map.of("buffer.flush.rows", "250")).deliver();
        driver.commit();
        assertRowCount(900, topic);
        assertTrue(log.endOffset(partition()) > 9, "each 100-row block batch spans several IPC records");

        chain.reorg(104, 108);
        chain.rewind("session-2", 103);
        chain.batch(103, 103, 100);
        chain.batch(104, 106, 100);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 106, 100), sorted(ids(topic)));
        for (Map<String, Object> row : probe().rows(topic, rowSchema(), "id")) {
            long block = (Long) row.get("block_num");
            String expected = block <= 102 ? BatchId.of(chain.range(100, 102))
                    : block == 103 ? BatchId.of(chain.range(103, 103)) : BatchId.of(chain.range(104, 106));
            assertEquals(expected, row.get("_amp_batch_id"), "row " + row.get("id"));
        }
    }

    @Test
    void reorgsArrivingWhileUnitsAreWrittenInTheBackgroundLeaveExactlyTheCanonicalRows() {
        ChainStream chain = stream("eth");
        chain.batch(100, 102, 3);
        chain.batch(103, 104, 3);
        chain.batch(105, 108, 3);
        chain.reorg(104, 108);
        chain.rewind("session-2", 103);
        chain.batch(103, 103, 3);
        chain.batch(104, 106, 3);
        chain.reorg(104, 106);
        chain.batch(104, 107, 3);
        // every row is a threshold flush (written in the background), two records per put(): the
        // invalidations come while units holding the batches they remove are still being written
        SinkTaskDriver driver = task(CONNECTOR, Map.of("buffer.flush.rows", "1")).maxPollRecords(2).deliver();
        driver.commit();

        assertEquals(expectedIds("eth", 100, 107, 3), sorted(ids(topic)));
        assertEquals(Map.of(partition(), log.endOffset(partition())), Map.of(partition(),
                log.committed(CONNECTOR, partition())), "every record stored, and its offset committed");
    }

    @Test
    void anInvalidationReachingPastABatchEndRemovesTheWholeBatch() {
        ChainStream chain = stream("eth");
        chain.batch(150, 175, 1);
        chain.reorg(160, 180);
        task().deliver().commit();

        assertRowCount(0, topic);
    }

    @Test
    void anInvalidationOfOneNetworkLeavesTheOtherNetworksRows() {
        ChainStream eth = stream("eth");
        ChainStream base = stream("base");
        eth.batch(100, 101, 1);
        base.batch(500, 501, 1);
        eth.batch(102, 103, 1);
        base.batch(502, 503, 1);
        base.reorg(500, 503);
        task().deliver().commit();

        assertEquals(expectedIds("eth", 100, 103, 1), sorted(ids(topic)));
    }

    @Test
    void aRewindFollowedByAReplayWithDifferentBoundariesLeavesOneCopyOfEveryRow() {
        ChainStream chain = stream("eth");
        chain.batch(100, 109, 2);
        chain.batch(110, 119, 2);
        chain.partialBatch(120, 129, 2, 7);
        SinkTaskDriver driver = task().deliver();
        driver.commit();
        assertRowCount(47, topic);

        chain.rewind("session-2", 110);
        chain.batch(110, 112, 2);
        chain.batch(113, 125, 2);
        chain.batch(126, 129, 2);
        driver.deliver().commit();

        assertEquals(expectedIds("eth", 100, 129, 2), sorted(ids(topic)));
    }

    @Test
    void aBatchRestartingBelowTheRegistryWithoutInvalidationIsAnImplicitRewind() {
        ChainStream chain = stream("eth");
        chain.batch(100, 104, 1);
        chain.partialBatch(105, 109, 1, 3);
        chain.batch(105, 107, 1);
        chain.batch(108, 109, 1);
        SinkTaskDriver driver = task().deliver();
        driver.commit();

        assertEquals(expectedIds("eth", 100, 109, 1), sorted(ids(topic)));
        assertEquals(1, driver.metrics().implicitRewinds());
    }

    @Test
    void aNewSessionWithoutRewindReplayingItsOpenBatchDuplicatesNothing() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 1);
        chain.partialBatch(102, 103, 1, 1);
        chain.session("session-2");
        chain.batch(102, 103, 1);
        task().deliver().commit();

        assertEquals(expectedIds("eth", 100, 103, 1), sorted(ids(topic)),
                "the same batch id from another session never continues the open batch: it is replaced");
    }

    @Test
    void recordsOfAnOlderSessionAfterARewindAreDropped() {
        ChainStream current = stream("eth");
        current.batch(100, 102, 1);
        ChainStream zombie = stream("eth").session("session-1");
        current.rewind("session-2", 103);
        zombie.batch(103, 104, 5);
        current.batch(103, 105, 1);
        zombie.batch(105, 106, 5);
        SinkTaskDriver driver = task().deliver();
        driver.commit();

        assertEquals(expectedIds("eth", 100, 105, 1), sorted(ids(topic)));
        assertEquals(22, driver.metrics().zombieRecordsDropped(), "10 rows and a watermark of each of the two zombie batches");
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), driver.commit(),
                "the trailing dropped records are accounted for in the stored offset");
    }

    @Test
    void aSecondStreamIntoTheSameTableIsRefused() {
        stream("eth").batch(100, 101, 1);
        new ChainStream(log, topic, "logs", "eth").batch(100, 101, 1);
        SinkTaskDriver driver = task();

        ConnectException error = assertThrows(ConnectException.class, driver::deliver);
        assertTrue(error.getMessage().contains("one table holds exactly one stream"), error.getMessage());
    }

    @Test
    void aBatchThatSkipsBlocksFailsLoudly() {
        ChainStream chain = stream("eth");
        chain.batch(100, 102, 1);
        chain.batch(105, 106, 1);
        SinkTaskDriver driver = task();

        ConnectException error = assertThrows(ConnectException.class, driver::deliver);
        assertTrue(error.getMessage().contains("103..104 are missing"), error.getMessage());
        driver.crash();
        assertEquals(0, probe().rowCount(topic), "the failing put stored nothing");
    }

    @Test
    void aBrokenHashChainFailsLoudly() {
        ChainStream chain = stream("eth");
        chain.batch(100, 102, 1);
        chain.rows(new BlockRange("eth", 103, 104, chain.hash(104), chain.hash(102) + "ff"), 1, 10);
        SinkTaskDriver driver = task();

        ConnectException error = assertThrows(ConnectException.class, driver::deliver);
        assertTrue(error.getMessage().contains("hash chain is broken"), error.getMessage());
    }

    @Test
    void aStreamOpeningWithARewindIntoATableThatDoesNotExistYetLandsEveryRow() {
        // what the real source sends first on every start: a rewind, before any row (units without rows for a table
        // the store has never seen, e.g. no Iceberg table to hold their state yet)
        ChainStream chain = stream("eth");
        chain.rewind("session-1", 100);
        chain.batch(100, 100, 0);
        SinkTaskDriver first = task(CONNECTOR, Map.of("buffer.flush.rows", "1"));
        first.deliver();
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), first.commit(),
                "the rewind and an empty microbatch are accounted for before the table has a row");
        chain.batch(101, 103, 2);
        first.deliver().commit();
        first.stop();

        chain.partialBatch(104, 105, 2, 1);
        chain.rewind("session-2", 104);
        chain.batch(104, 105, 2);
        SinkTaskDriver restarted = task();
        restarted.deliver();
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), restarted.commit());

        assertEquals(expectedIds("eth", 101, 105, 2), sorted(ids(topic)));
    }

    @Test
    void anInvalidationAfterATaskRestartStillDeletes() {
        ChainStream chain = stream("eth");
        chain.batch(100, 104, 1);
        chain.batch(105, 109, 1);
        task().deliver().stop();

        chain.reorg(105, 109);
        task().deliver().commit();

        assertEquals(expectedIds("eth", 100, 104, 1), sorted(ids(topic)), "the registry survived the restart");
    }

    @Test
    void aTaskKilledAfterTheWriteButBeforeTheOffsetCommitDuplicatesNothing() {
        ChainStream chain = stream("eth");
        chain.batch(100, 109, 3);
        SinkTaskDriver first = task(CONNECTOR, Map.of("buffer.flush.rows", "5")).deliver();
        first.crash();
        assertEquals(0, log.committed(CONNECTOR, partition()), "Kafka never saw an offset commit");
        assertRowCount(30, topic);

        SinkTaskDriver second = task();
        assertEquals(30, second.position(partition()), "open() seeked to the offset stored with the rows (the"
                + " watermark after the last flush was not stored and is delivered again)");
        chain.batch(110, 110, 3);
        second.deliver().commit();

        assertEquals(expectedIds("eth", 100, 110, 3), sorted(ids(topic)));
    }

    @Test
    void aFencedZombieTaskCannotWrite() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 1);
        SinkTaskDriver zombie = task().deliver();
        SinkTaskDriver owner = task();
        owner.deliver().commit();

        chain.batch(102, 103, 1);
        zombie.deliver();
        zombie.commit();
        ConnectException error = assertThrows(ConnectException.class, zombie::idle);
        assertTrue(error.getMessage().contains("fenced"), error.getMessage());

        owner.deliver().commit();
        assertEquals(expectedIds("eth", 100, 103, 1), sorted(ids(topic)), "only the owner's copy");
        assertEquals(Map.of(partition(), new OffsetAndMetadata(6)), owner.commit());
    }

    @Test
    void twoConnectorsInOneStoreKeepSeparateOffsetsAndRegistries() {
        ChainStream chain = stream("eth");
        chain.batch(100, 104, 1);
        chain.batch(105, 109, 1);
        Map<String, String> first = Map.of("table.name.format", "a_${topic}");
        Map<String, String> second = Map.of("table.name.format", "b_${topic}");
        SinkTaskDriver a = task("connector-a", first).deliver();
        a.commit();
        SinkTaskDriver b = task("connector-b", second).deliver();
        b.commit();

        chain.reorg(105, 109);
        a.deliver().commit();
        a.stop();
        b.stop();

        assertEquals(expectedIds("eth", 100, 104, 1), sorted(ids("a_" + topic)));
        assertEquals(expectedIds("eth", 100, 109, 1), sorted(ids("b_" + topic)), "b has not read the invalidation yet");
        assertEquals(13, task("connector-a", first).position(partition()));
        SinkTaskDriver resumed = task("connector-b", second);
        assertEquals(12, resumed.position(partition()));
        resumed.deliver().commit();
        assertEquals(expectedIds("eth", 100, 104, 1), sorted(ids("b_" + topic)), "b's own registry found its rows");
    }

    @Test
    void aMicrobatchWithoutRowsKeepsTheChainContinuous() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 1);
        chain.watermark(chain.range(102, 105), 0);
        chain.batch(106, 107, 1);
        chain.reorg(102, 107);
        SinkTaskDriver driver = task().deliver();
        driver.commit();

        assertEquals(expectedIds("eth", 100, 101, 1), sorted(ids(topic)));
        assertEquals(101, driver.metrics().lastCompleteBlock(topic, "eth"));
    }

    @Test
    void theLastCompleteBlockFollowsWatermarks() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 1);
        chain.partialBatch(102, 103, 1, 1);
        SinkTaskDriver driver = task().deliver();
        driver.commit();

        assertEquals(101, driver.metrics().lastCompleteBlock(topic, "eth"));
    }

    private static final Schema BALANCE = SchemaBuilder.struct().name("dev.ampconnect.stream.balances.Value")
            .field("account", Schema.STRING_SCHEMA)
            .field("balance", Schema.INT64_SCHEMA)
            .field("block_num", Schema.INT64_SCHEMA)
            .field("_amp_batch_id", Schema.STRING_SCHEMA)
            .build();

    private static void balances(ChainStream chain, long start, long end, Map<String, Long> values) {
        BlockRange range = chain.range(start, end);
        int row = 0;
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            chain.data(List.of(range), new Struct(BALANCE).put("account", entry.getKey()).put("balance", entry.getValue())
                    .put("block_num", start).put("_amp_batch_id", BatchId.of(range)), row++);
        }
        chain.watermark(range, values.size());
    }

    private Map<String, Long> balancesIn(String table) {
        Map<String, Long> balances = new java.util.TreeMap<>();
        for (Map<String, Object> row : probe().rows(table, BALANCE, "account")) {
            balances.put((String) row.get("account"), (Long) row.get("balance"));
        }
        return balances;
    }

    @Test
    void aKeyedModeInvalidationRestoresThePreImagesAnOlderValidBatchWrote() {
        Optional<Map<String, String>> keyed = probe().keyedModeConfig(List.of("account"));
        assumeTrue(keyed.isPresent(), "store has no keyed mode");
        ChainStream chain = stream("eth");
        balances(chain, 100, 101, new java.util.LinkedHashMap<>(Map.of("alice", 10L, "bob", 20L)));
        balances(chain, 102, 103, new java.util.LinkedHashMap<>(Map.of("alice", 11L, "carol", 30L)));
        SinkTaskDriver driver = task(CONNECTOR, keyed.get()).deliver();
        driver.commit();
        balances(chain, 104, 105, new java.util.LinkedHashMap<>(Map.of("alice", 12L, "bob", 21L)));
        driver.deliver().stop();
        assertEquals(Map.of("alice", 12L, "bob", 21L, "carol", 30L), balancesIn(topic));

        chain.reorg(102, 105);
        task(CONNECTOR, keyed.get()).deliver().commit();

        assertEquals(Map.of("alice", 10L, "bob", 20L), balancesIn(topic),
                "alice and bob are back to what batch 100-101 wrote, carol (new in 102-103) is gone; across a restart");
    }

    @Test
    void aKeyedModeBatchSpanningSeveralFlushesRestoresTheValueBeforeTheBatch() {
        Optional<Map<String, String>> keyed = probe().keyedModeConfig(List.of("account"));
        assumeTrue(keyed.isPresent(), "store has no keyed mode");
        Map<String, String> config = new java.util.HashMap<>(keyed.get());
        config.put("buffer.flush.rows", "1");
        ChainStream chain = stream("eth");
        balances(chain, 100, 100, Map.of("alice", 1L));
        BlockRange range = chain.range(101, 101);
        List<Long> writes = new ArrayList<>(List.of(2L, 3L, 4L));
        for (int i = 0; i < writes.size(); i++) {
            chain.data(List.of(range), new Struct(BALANCE).put("account", "alice").put("balance", writes.get(i))
                    .put("block_num", 101L).put("_amp_batch_id", BatchId.of(range)), i);
        }
        SinkTaskDriver driver = task(CONNECTOR, config).deliver();
        driver.commit(); // the last of the three flushes may still be written in the background until then
        assertEquals(Map.of("alice", 4L), balancesIn(topic));

        chain.reorg(101, 101);
        driver.deliver().commit();

        assertEquals(Map.of("alice", 1L), balancesIn(topic));
    }
}
