package dev.ampconnect.common.sink.store;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.List;
import java.util.Objects;

/**
 * Everything one unit of work changes in one table, applied by the store in the order of the fields.
 *
 * @param table         the target table name (the store maps it to its namespace)
 * @param truncateFirst empty the table first, but only if the store holds no state of this connector for it
 *                      yet (decided atomically inside the unit)
 * @param writes        columnar batches to write, in order (one per value schema)
 * @param registered    registry entries to insert or update (new batches, new row counts, completion)
 * @param invalidated   stored batches to undo, highest sequence first: delete their rows (append) or
 *                      restore the pre-images they overwrote (keyed modes), and drop their registry entries
 * @param pruned        registry entries past the reorg window to forget (their rows stay; keyed modes drop
 *                      their pre-images)
 * @param state         the table's new state, {@code null} when unchanged
 */
public record TableChange(String table, boolean truncateFirst, List<ColumnarBatch> writes,
                          List<RegisteredBatch> registered, List<RegisteredBatch> invalidated,
                          List<RegisteredBatch> pruned, TableState state) {

    public TableChange {
        Objects.requireNonNull(table, "table");
        writes = List.copyOf(writes);
        registered = List.copyOf(registered);
        invalidated = List.copyOf(invalidated);
        pruned = List.copyOf(pruned);
    }

    /** Rows this change writes. */
    public long rowsWritten() {
        return writes.stream().mapToLong(ColumnarBatch::rowCount).sum();
    }

    /** Whether the change does nothing. */
    public boolean isEmpty() {
        return !truncateFirst && writes.isEmpty() && registered.isEmpty() && invalidated.isEmpty()
                && pruned.isEmpty() && state == null;
    }
}
