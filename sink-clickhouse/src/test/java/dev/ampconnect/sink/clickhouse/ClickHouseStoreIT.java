package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.conformance.ChainStream;
import dev.ampconnect.common.sink.conformance.ConformanceSupport;
import dev.ampconnect.common.sink.conformance.SinkProbe;
import dev.ampconnect.common.sink.conformance.SinkTaskDriver;
import dev.ampconnect.common.sink.store.PartitionClaim;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseExtension;
import dev.ampconnect.testsupport.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the ClickHouse store adds to the conformance kit: the progress view and the readers' filter, deletes
 * visible before the invalidation's offset is stored, a zombie whose unit straddles the new owner's claim, claims of
 * one epoch ranked by nonce, the log kept small by snapshots, a new lineage after the state is deleted.
 */
class ClickHouseStoreIT extends ConformanceSupport {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private ClickHouseProbe probe;

    @Override
    protected SinkProbe probe() {
        if (probe == null) {
            probe = new ClickHouseProbe(CLICKHOUSE.database());
        }
        return probe;
    }

    private static ClickHouseDatabase db() {
        return CLICKHOUSE.database();
    }

    private String readerFilteredCount() {
        return db().queryValue("SELECT count() FROM " + ChIdentifiers.quote(topic) + " WHERE _amp_batch_seq <= (SELECT"
                + " last_complete_sequence FROM amp_sink_progress WHERE connector = '" + CONNECTOR + "' AND table_name = '"
                + topic + "')");
    }

    @Test
    void theProgressViewShowsTheLastCompleteBatchAndLetsReadersHideTheOpenOne() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        chain.batch(102, 103, 2);
        chain.partialBatch(104, 105, 2, 3);
        task().deliver().commit();

        List<Map<String, String>> progress = db().query("SELECT table_name, stream, network, last_complete_block,"
                + " last_complete_hash, last_complete_sequence FROM amp_sink_progress WHERE connector = '" + CONNECTOR + "'");
        assertEquals(List.of(Map.of("table_name", topic, "stream", "blocks", "network", "eth", "last_complete_block", "103",
                "last_complete_hash", chain.hash(103), "last_complete_sequence", "2")), progress);
        assertEquals(11, probe().rowCount(topic), "the open batch's 3 rows are stored");
        assertEquals("8", readerFilteredCount(), "readers filtering by the view see only the complete batches");
    }

    @Test
    void invalidatedRowsAreGoneBeforeTheInvalidationsOffsetIsStored() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        chain.batch(102, 103, 2);
        chain.batch(104, 105, 2);
        task().deliver().commit();
        assertEquals("12", readerFilteredCount());

        chain.reorg(102, 105);
        List<String> seenAtCommit = new ArrayList<>();
        SinkTaskDriver driver = task(CONNECTOR, Map.of(), store -> new HookedStore(store, () -> { },
                () -> seenAtCommit.add(db().queryValue("SELECT count() FROM " + ChIdentifiers.quote(topic)
                        + " WHERE block_num >= 102"))));
        driver.deliver().commit();

        assertEquals(List.of("0"), seenAtCommit, "the deletes were visible before the unit's commit marker");
        assertEquals(expectedIds("eth", 100, 101, 2), sorted(ids(topic)));
        assertEquals("101", db().queryValue("SELECT last_complete_block FROM amp_sink_progress WHERE connector = '"
                + CONNECTOR + "' AND table_name = '" + topic + "'"));
        assertEquals("4", readerFilteredCount());
    }

    @Test
    void aZombieWhoseUnitStraddlesTheNewClaimIsRedoneExactlyByTheNewOwner() {
        ChainStream chain = stream("eth");
        chain.batch(100, 101, 2);
        chain.batch(102, 103, 2);
        SinkTaskDriver[] owner = new SinkTaskDriver[1];
        // the new owner claims after the zombie's begin (intent, then owner check) and before its first write: the
        // zombie's write and commit marker reach the server after the claim, the residual window of README "Fencing"
        SinkTaskDriver zombie = task(CONNECTOR, Map.of(), store -> new HookedStore(store, () -> owner[0] = task(),
                () -> { }));

        zombie.deliver();
        zombie.commit();
        assertEquals(8, probe().rowCount(topic), "the zombie's write landed");
        assertEquals(List.of(Map.of("next_offset", Long.toString(log.endOffset(partition())))),
                db().query("SELECT next_offset FROM amp_sink_log WHERE connector = '" + CONNECTOR + "' AND kind = 'offset'"),
                "the zombie's marker landed (at its own, lower epoch): the commit has no owner check of its own, the"
                        + " marker holds what the new owner's marker of this unit would");

        owner[0].deliver();
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), owner[0].commit());
        assertEquals(expectedIds("eth", 100, 103, 2), sorted(ids(topic)), "nothing doubled");
        List<Map<String, String>> intents = db().query("SELECT DISTINCT from_offset, to_offset FROM amp_sink_log"
                + " WHERE connector = '" + CONNECTOR + "' AND kind = 'intent' ORDER BY from_offset");
        assertEquals("0", intents.get(0).get("from_offset"));
        assertEquals(2, db().query("SELECT DISTINCT epoch FROM amp_sink_log WHERE connector = '" + CONNECTOR
                + "' AND kind = 'intent' AND from_offset = 0 AND to_offset = " + intents.get(0).get("to_offset")).size(),
                "the new owner re-formed the zombie's unit with the same range (same identity, same dedup tokens)");

        // the zombie's next unit: its intent lands, its owner check sees the claim, nothing of it is written
        chain.batch(104, 105, 2);
        ConnectException fenced = assertThrows(ConnectException.class, () -> {
            zombie.deliver();
            zombie.commit();
            zombie.idle();
        });
        assertTrue(fenced.getMessage().contains("fenced"), fenced.getMessage());
        assertEquals(8, probe().rowCount(topic), "the fenced zombie wrote nothing more");
        owner[0].deliver();
        assertEquals(Map.of(partition(), new OffsetAndMetadata(log.endOffset(partition()))), owner[0].commit());
        assertEquals(expectedIds("eth", 100, 105, 2), sorted(ids(topic)), "the new owner wrote the rest, once");
        assertEquals(Long.toString(log.endOffset(partition())), db().queryValue("SELECT argMax(next_offset, (epoch, nonce,"
                + " seq)) FROM amp_sink_log WHERE connector = '" + CONNECTOR + "' AND kind = 'offset'"),
                "readers take the new owner's offset");
    }

    @Test
    void twoClaimsOfOneEpochAreRankedByNonceAndTheLoserClaimsAgainAbove() {
        try (ChClient client = ChClient.connect(db().url(), db().user(), db().password(), db().name())) {
            ChStateLog state = new ChStateLog(client, CONNECTOR);
            state.create();
            ChPartitionLog partitions = new ChPartitionLog(state);
            ChPartitionLog.Claimed mine = partitions.claim(partition());
            ChGeneration rival = new ChGeneration(partition(), mine.generation().epoch(), "f".repeat(32),
                    mine.generation().lineage());
            state.append(List.of(state.row(ChStateLog.CLAIM, rival, rival.claimVersion())));

            StoreException fenced = assertThrows(StoreException.class, () -> partitions.owned(mine.generation()));
            assertEquals(StoreException.Kind.FENCED, fenced.kind());
            ChPartitionLog.Claimed again = partitions.claim(partition());
            assertEquals(mine.generation().epoch() + 1, again.claim().epoch());
            assertEquals(mine.claim().lineage(), again.claim().lineage(), "the lineage stays while claims exist");
            partitions.owned(again.generation());
        }
    }

    @Test
    void deletingAConnectorsClaimsStartsANewLineageThatIgnoresTheOldOffsets() {
        stream("eth").batch(100, 101, 2);
        task().deliver().stop();
        try (ChClient client = ChClient.connect(db().url(), db().user(), db().password(), db().name())) {
            ChPartitionLog partitions = new ChPartitionLog(new ChStateLog(client, CONNECTOR));
            PartitionClaim before = partitions.claim(partition()).claim();
            assertEquals(5, before.nextOffset().getAsLong());
            db().execute("DELETE FROM amp_sink_log WHERE connector = '" + CONNECTOR + "' AND kind = 'claim'");

            PartitionClaim after = partitions.claim(partition()).claim();
            assertNotEquals(before.lineage(), after.lineage(), "new dedup tokens from here on");
            assertTrue(after.nextOffset().isEmpty(), "the offsets of the old lineage no longer count");
            assertTrue(after.epoch() >= before.epoch(), "epochs never go back (the nonce tells a zombie of the deleted claim apart)");
        }
    }

    @Test
    void snapshotsKeepTheLogSmallAndTheRegistryExactAcrossRestarts() {
        ChainStream chain = stream("eth");
        for (long block = 1_000; block < 1_150; block++) {
            chain.batch(block, block, 1);
        }
        Map<String, String> settings = Map.of("buffer.flush.rows", "1", "reorg.max.depth.blocks", "20");
        task(CONNECTOR, settings).deliver().stop();
        // the deletes of superseded rows run in the background
        Await.condition("the log's deletes are done", Duration.ofSeconds(60), () -> db().queryValue("SELECT count()"
                        + " FROM system.mutations WHERE database = currentDatabase() AND NOT is_done").equals("0"),
                () -> db().query("SELECT command, latest_fail_reason FROM system.mutations WHERE NOT is_done").toString());

        long tableRows = Long.parseLong(db().queryValue("SELECT count() FROM amp_sink_log WHERE connector = '" + CONNECTOR
                + "' AND kind IN ('state', 'batch')"));
        long partitionRows = Long.parseLong(db().queryValue("SELECT count() FROM amp_sink_log WHERE connector = '"
                + CONNECTOR + "' AND kind IN ('claim', 'intent', 'offset')"));
        long snapshots = Long.parseLong(db().queryValue("SELECT count() FROM amp_sink_log WHERE connector = '" + CONNECTOR
                + "' AND kind = 'state' AND snapshot"));
        assertTrue(snapshots >= 1, "about 300 units wrote snapshots");
        assertTrue(tableRows < ChTableLog.MIN_ROWS_BEFORE_SNAPSHOT + 100, "registry rows since the last snapshot only"
                + " (about 900 were written): " + tableRows);
        assertTrue(partitionRows < 3 * ChIdempotentTransaction.COMPACT_EVERY, "intents and offsets since the last"
                + " compaction only (about 600 were written): " + partitionRows);

        chain.reorg(1_140, 1_149);
        task(CONNECTOR, settings).deliver().commit();
        assertEquals(expectedIds("eth", 1_000, 1_139, 1), sorted(ids(topic)), "the registry rebuilt from the snapshot"
                + " found the invalidated batches");
        assertEquals("1139", db().queryValue("SELECT last_complete_block FROM amp_sink_progress WHERE connector = '"
                + CONNECTOR + "'"));
    }
}
