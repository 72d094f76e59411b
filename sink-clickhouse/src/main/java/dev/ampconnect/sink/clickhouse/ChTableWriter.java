package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The target tables' side of a unit: one INSERT per batch with the write's dedup token extended by the table's
 * incarnation ({@code system.tables.uuid}: a re-created table never drops a write as a repeat), and whole-batch
 * deletes by sequence ({@link ChBatchDeleter}, as patch parts where the table supports them).
 */
final class ChTableWriter {

    private final ChClient client;
    private final ChTableCatalog catalog;
    private final ChInserter inserter;

    ChTableWriter(ChClient client, ChTableCatalog catalog, ChInserter inserter) {
        this.client = client;
        this.catalog = catalog;
        this.inserter = inserter;
    }

    /**
     * Writes {@code batch} into {@code table} (created or evolved as configured).
     *
     * @param dedupToken the write's stable token, or {@code null} for none
     * @throws StoreException DATA naming the rejected row (a value its column cannot hold) or batch (a column that
     *                        cannot hold the field); otherwise as classified by {@link ChErrors}
     */
    void write(String table, ColumnarBatch batch, String dedupToken) {
        try {
            ChTable target = catalog.deduplicating(catalog.ensure(table, batch));
            RowBinaryBatch encoded;
            try {
                encoded = RowBinaryBatch.of(target, batch);
            } catch (IncompatibleColumnException e) {
                throw StoreException.rejectedBatch(table, batch, e.getMessage(), e);
            }
            String token = dedupToken == null ? null : dedupToken + "-" + target.uuid();
            try {
                inserter.insert(table, encoded, batch.rowCount(), token);
            } catch (RejectedValue e) {
                throw StoreException.rejectedRow(table, batch, e.row(), "table " + table + ", row of "
                        + where(batch.recordOf(e.row())) + ": " + e.getMessage(), null);
            }
        } catch (RuntimeException e) {
            // the table may have changed under us (dropped, altered): describe it again next time
            catalog.forget(table);
            throw ChErrors.of(e, table, "writing " + batch.rowCount() + " rows into " + ChIdentifiers.qualified(client.database(), table));
        }
    }

    /** Deletes the rows of {@code batches} from {@code table} (by sequence; batches without rows need nothing). */
    void undo(String table, List<RegisteredBatch> batches) {
        List<Long> sequences = new ArrayList<>();
        for (RegisteredBatch batch : batches) {
            if (batch.rows() > 0) {
                sequences.add(batch.sequence());
            }
        }
        if (sequences.isEmpty()) {
            return;
        }
        try {
            ChTable target = catalog.find(table);
            if (target == null) {
                // never created: the batches' rows were never written (or the table was dropped with them)
                return;
            }
            new ChBatchDeleter(client, target.supportsPatchParts() ? ChBatchDeleter.Mode.PATCH_PARTS
                    : ChBatchDeleter.Mode.ROW_MASK).delete(table, sequences);
        } catch (RuntimeException e) {
            catalog.forget(table);
            throw ChErrors.of(e, table, "deleting " + sequences.size() + " invalidated batches from "
                    + ChIdentifiers.qualified(client.database(), table));
        }
    }

    private static String where(SinkRecord record) {
        return "topic " + record.topic() + " partition " + record.kafkaPartition() + " offset " + record.kafkaOffset();
    }
}
