package dev.ampconnect.source.flightsql.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.source.flightsql.config.TransactionBounds;
import dev.ampconnect.source.flightsql.txn.TransactionBoundaries.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.Test;

class TransactionBoundariesTest {

    /** Records what the task asked the worker to commit. */
    static final class RecordedCommits implements TransactionContext {
        final List<Object> commits = new ArrayList<>();

        @Override
        public void commitTransaction() {
            commits.add("batch");
        }

        @Override
        public void commitTransaction(SourceRecord record) {
            commits.add(record);
        }

        @Override
        public void abortTransaction() {
            commits.add("abort");
        }

        @Override
        public void abortTransaction(SourceRecord record) {
            commits.add("abort");
        }
    }

    private final RecordedCommits context = new RecordedCommits();
    private final AtomicLong now = new AtomicLong(1_000);
    private final TransactionBoundaries boundaries =
            new TransactionBoundaries(context, new TransactionBounds(3, 5_000), now::get);

    private static SourceRecord record(String name) {
        return new SourceRecord(null, null, name, 0, null, null);
    }

    private void admit(SourceRecord record, RecordKind kind, SourceRecord last) {
        assertEquals(Admission.ADMIT, boundaries.beforeRecord(kind, last));
        boundaries.afterRecord(record, kind);
    }

    @Test
    void aWatermarkEndsTheDataTransaction() {
        SourceRecord row = record("row");
        SourceRecord watermark = record("watermark");
        admit(row, RecordKind.DATA, null);
        admit(watermark, RecordKind.WATERMARK, row);
        assertEquals(List.of(watermark), context.commits);
    }

    @Test
    void anInvalidationGetsATransactionOfItsOwnWithinOneBatch() {
        SourceRecord row = record("row");
        SourceRecord invalidation = record("invalidation");
        admit(row, RecordKind.DATA, null);
        admit(invalidation, RecordKind.INVALIDATION, row);
        assertEquals(List.of(row, invalidation), context.commits, "commit before and after the invalidation");
    }

    @Test
    void anInvalidationAfterAnEarlierPollEndsThatPollsTransactionFirst() {
        admit(record("row"), RecordKind.DATA, null);
        // next poll: the invalidation is the first candidate while the previous transaction is open
        assertEquals(Admission.END_BATCH_BEFORE, boundaries.beforeRecord(RecordKind.INVALIDATION, null));
        assertEquals(List.of("batch"), context.commits);
        // the poll after that: nothing is open any more, the invalidation is admitted alone
        SourceRecord invalidation = record("invalidation");
        admit(invalidation, RecordKind.INVALIDATION, null);
        assertEquals(List.of("batch", invalidation), context.commits);
    }

    @Test
    void aLongMicrobatchIsCutBySizeAndByTime() {
        SourceRecord a = record("a");
        SourceRecord b = record("b");
        SourceRecord c = record("c");
        admit(a, RecordKind.DATA, null);
        admit(b, RecordKind.DATA, a);
        admit(c, RecordKind.DATA, b);
        assertEquals(List.of(c), context.commits, "cut after transaction.max.records=3");

        SourceRecord d = record("d");
        admit(d, RecordKind.DATA, null);
        boundaries.onIdle();
        assertEquals(List.of(c), context.commits, "young transaction stays open while idle");
        now.addAndGet(5_000);
        boundaries.onIdle();
        assertEquals(List.of(c, "batch"), context.commits, "idle past transaction.max.ms commits");
    }

    @Test
    void withoutATransactionContextNothingIsRequested() {
        TransactionBoundaries off = new TransactionBoundaries(null, new TransactionBounds(1, 1), now::get);
        assertEquals(Admission.ADMIT, off.beforeRecord(RecordKind.INVALIDATION, null));
        off.afterRecord(record("x"), RecordKind.INVALIDATION);
        off.onIdle();
        assertEquals(0, off.openRecords());
    }
}
