package dev.ampconnect.common.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.PartitionClaim;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {

    private static final TopicPartition TP = new TopicPartition("blocks", 0);

    private static SinkRecord record(long offset) {
        return new SinkRecord("blocks", 0, null, null, Schema.STRING_SCHEMA, "v", offset, 1_000L + offset,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    @Test
    void onlyStoredOffsetsAreReported() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.of(10), 3));
        ledger.processed(TP, record(10));
        ledger.processed(TP, record(11));

        assertEquals(Map.of(TP, new OffsetAndMetadata(10)), ledger.committable());
        Map<TopicPartition, OffsetCommit> planned = ledger.plan(ledger.withUnplannedProgress());
        assertEquals(Map.of(TP, new OffsetCommit(12, 3, 10L)), planned, "the unit expects offset 10 stored before it");
        assertFalse(ledger.hasUnplannedProgress());
        assertEquals(Map.of(TP, new OffsetAndMetadata(10)), ledger.committable(), "planned is not stored");

        ledger.stored(planned);
        assertEquals(Map.of(TP, new OffsetAndMetadata(12)), ledger.committable());
    }

    @Test
    void recordsBelowTheStoredOffsetAndRedeliveriesAreSkipped() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.of(10), 1));
        assertTrue(ledger.alreadyProcessed(TP, record(9)), "below the stored offset (before the seek took effect)");
        assertFalse(ledger.alreadyProcessed(TP, record(10)));
        ledger.processed(TP, record(10));
        assertTrue(ledger.alreadyProcessed(TP, record(10)), "redelivered (e.g. after a rebalance of another task)");
    }

    @Test
    void aPartitionWithoutStoredOffsetAcceptsAnyRecordAndReportsNothingUntilStored() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.empty(), 1));
        assertFalse(ledger.alreadyProcessed(TP, record(0)));
        assertTrue(ledger.committable().isEmpty());
        ledger.processed(TP, record(0));
        assertEquals(Map.of(TP, new OffsetCommit(1, 1, null)), ledger.plan(ledger.withUnplannedProgress()));
    }

    @Test
    void rewindingForgetsUnstoredProgressAndSeeksToTheStoredOffset() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.of(5), 1));
        ledger.processed(TP, record(5));
        ledger.processed(TP, record(6));

        assertEquals(Map.of(TP, 5L), ledger.rewindToStored());
        assertFalse(ledger.alreadyProcessed(TP, record(5)));
        assertFalse(ledger.hasUnplannedProgress());
    }

    @Test
    void aTableSkipsOnlyWhatItStoredItself() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.of(5), 0));
        ledger.tableClaimed("a", Map.of(TP, new dev.ampconnect.common.sink.store.TableClaim(OptionalLong.of(9), 4)));
        ledger.tableClaimed("b", Map.of(TP, new dev.ampconnect.common.sink.store.TableClaim(OptionalLong.empty(), 2)));

        assertTrue(ledger.storedInTable("a", TP, 8));
        assertFalse(ledger.storedInTable("a", TP, 9));
        assertFalse(ledger.storedInTable("b", TP, 5), "table b stored nothing: it takes every record from the mark on");

        ledger.processed(TP, record(9));
        ledger.routed("a", TP);
        assertEquals(Map.of(TP, new OffsetCommit(10, 4, 9L)), ledger.planTable("a"), "a's own epoch and offset");
        assertEquals(Map.of(), ledger.planTable("b"), "nothing of the partition went to b");
    }

    @Test
    void anIdempotentUnitStartsWhereTheLastOneEnded() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.of(5), 1, "L1", OptionalLong.of(8)));
        assertEquals(8L, ledger.pendingUnitEnd(TP));
        ledger.processed(TP, record(5));
        ledger.processed(TP, record(6));
        ledger.processed(TP, record(7));
        assertEquals(5, ledger.unitStart(TP));
        ledger.plan(java.util.List.of(TP));
        assertEquals(null, ledger.pendingUnitEnd(TP), "the re-formed unit is planned");
        assertEquals(8, ledger.unitStart(TP));
        assertEquals("L1", ledger.lineage(TP));
    }
}
