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
        assertEquals(Map.of(TP, new OffsetCommit(12, 3)), ledger.unstored());

        ledger.stored(ledger.unstored());
        assertEquals(Map.of(TP, new OffsetAndMetadata(12)), ledger.committable());
        assertFalse(ledger.hasUnstoredProgress());
    }

    @Test
    void recordsBelowTheStoredOffsetAndRedeliveriesAreSkipped() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.of(10), 1));
        assertTrue(ledger.alreadyProcessed(TP, record(9)), "below the stored offset (before the seek took effect)");
        assertFalse(ledger.alreadyProcessed(TP, record(10)));
        ledger.processed(TP, record(10));
        assertTrue(ledger.alreadyProcessed(TP, record(10)), "redelivered after a RetriableException");
    }

    @Test
    void aPartitionWithoutStoredOffsetAcceptsAnyRecordAndReportsNothingUntilStored() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.empty(), 1));
        assertFalse(ledger.alreadyProcessed(TP, record(0)));
        assertTrue(ledger.committable().isEmpty());
        ledger.processed(TP, record(0));
        assertEquals(Map.of(TP, new OffsetCommit(1, 1)), ledger.unstored());
    }

    @Test
    void rewindingForgetsUnstoredProgressAndSeeksToTheStoredOffset() {
        OffsetLedger ledger = new OffsetLedger();
        ledger.claimed(TP, new PartitionClaim(OptionalLong.of(5), 1));
        ledger.processed(TP, record(5));
        ledger.processed(TP, record(6));

        assertEquals(Map.of(TP, 5L), ledger.rewindToStored());
        assertFalse(ledger.alreadyProcessed(TP, record(5)));
        assertFalse(ledger.hasUnstoredProgress());
    }
}
