package dev.ampconnect.source.flightsql.txn;

import dev.ampconnect.common.contract.RecordKind;
import dev.ampconnect.source.flightsql.config.TransactionBounds;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;

/**
 * Defines the producer transactions of a task when the worker runs it with
 * {@code transaction.boundary=connector} (KIP-618); docs/ARCHITECTURE.md "Exactly-once":
 * <ul>
 *   <li>an invalidation is committed in a transaction of its own: the open transaction is committed
 *       before it, and it commits itself (an aborted transaction still commits its offsets, so new-fork
 *       rows must never share a transaction with it);</li>
 *   <li>a data transaction ends at a watermark, or after {@code transaction.max.records} records, or once
 *       it has been open {@code transaction.max.ms}, so a microbatch trickling in for minutes never
 *       outlives {@code transaction.timeout.ms}.</li>
 * </ul>
 * Offsets only advance at watermarks (records carry the last watermark's offset), so committing in the
 * middle of a microbatch never moves the resume point. Without a transaction context every method is a no-op.
 */
public final class TransactionBoundaries {

    /** What to do with the next record. */
    public enum Admission {
        /** Add it to the current poll batch. */
        ADMIT,
        /** End the poll batch before it (a commit of the open transaction was requested). */
        END_BATCH_BEFORE
    }

    private final TransactionContext context;
    private final TransactionBounds bounds;
    private final LongSupplier clock;
    private int openRecords;
    private long openedAtMs;

    /**
     * @param context the worker's transaction context, {@code null} unless boundaries are connector-defined
     * @param bounds  the size and time bounds
     * @param clock   milliseconds, for the time bound
     */
    public TransactionBoundaries(TransactionContext context, TransactionBounds bounds, LongSupplier clock) {
        this.context = context;
        this.bounds = bounds;
        this.clock = clock;
    }

    /** Whether this task defines its own transactions. */
    public boolean isActive() {
        return context != null;
    }

    /**
     * Called before a record joins the poll batch.
     *
     * @param kind          the record's kind
     * @param lastInBatch   the last record already in this poll batch, or {@code null} when the batch is empty
     */
    public Admission beforeRecord(RecordKind kind, SourceRecord lastInBatch) {
        if (context == null || kind != RecordKind.INVALIDATION || openRecords == 0) {
            return Admission.ADMIT;
        }
        // the invalidation needs a transaction of its own: close the open one first
        if (lastInBatch != null) {
            context.commitTransaction(lastInBatch);
            openRecords = 0;
            return Admission.ADMIT;
        }
        // the open transaction holds records of earlier polls only: commit it after this (empty) batch
        context.commitTransaction();
        openRecords = 0;
        return Admission.END_BATCH_BEFORE;
    }

    /** Called after a record joined the poll batch. */
    public void afterRecord(SourceRecord record, RecordKind kind) {
        if (context == null) {
            return;
        }
        if (openRecords == 0) {
            openedAtMs = clock.getAsLong();
        }
        openRecords++;
        if (kind != RecordKind.DATA || openRecords >= bounds.maxRecords() || expired()) {
            context.commitTransaction(record);
            openRecords = 0;
        }
    }

    /**
     * Called when a poll returns nothing: a transaction left open by a stalled microbatch is committed once
     * it reaches its time bound.
     */
    public void onIdle() {
        if (context != null && openRecords > 0 && expired()) {
            context.commitTransaction();
            openRecords = 0;
        }
    }

    /** Records in the open transaction. */
    public int openRecords() {
        return openRecords;
    }

    private boolean expired() {
        return clock.getAsLong() - openedAtMs >= bounds.maxMs();
    }
}
