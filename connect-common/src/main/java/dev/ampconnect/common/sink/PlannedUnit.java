package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.registry.RegistryChanges;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.UnitIdentity;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A unit of work as planned: immutable once built, written as it is (and, after a failure, written again exactly
 * as it was) by the {@link UnitCommitter}. It owns the Arrow batches of its writes and the buffered records they
 * came from (for the dead letter queue and metrics).
 */
final class PlannedUnit implements AutoCloseable {

    /**
     * One table's part of the unit.
     *
     * @param table     the table
     * @param truncate  whether to empty the table first (table.truncate.on.first.write, first write only)
     * @param writes    its batches, in order
     * @param registry  its registry changes (drained when the unit was planned)
     * @param offsets   TABLE scope: the table's own offsets its commit stores; empty otherwise
     */
    record TablePlan(String table, boolean truncate, List<ColumnarBatch> writes, RegistryChanges registry,
                     Map<TopicPartition, OffsetCommit> offsets) {

        long rows() {
            return writes.stream().mapToLong(ColumnarBatch::rowCount).sum();
        }

        boolean isEmpty() {
            return !truncate && writes.isEmpty() && registry.isEmpty() && offsets.isEmpty();
        }
    }

    private final UnitIdentity identity;
    private final List<TablePlan> tables;
    private final Map<TopicPartition, OffsetCommit> offsets;
    private final TableBuffers records;
    /** TABLE scope: how many of {@link #tables} are committed already (a retry starts after them). */
    private int committedTables;

    /**
     * @param identity IDEMPOTENT: the unit's identity; null otherwise
     * @param tables   the tables, in the order they are written
     * @param offsets  the partition offsets the unit stores (TABLE scope: the partition marks of its last table)
     * @param records  the buffered records the writes were converted from
     */
    PlannedUnit(UnitIdentity identity, List<TablePlan> tables, Map<TopicPartition, OffsetCommit> offsets, TableBuffers records) {
        this.identity = identity;
        this.tables = List.copyOf(tables);
        this.offsets = Map.copyOf(offsets);
        this.records = records;
    }

    UnitIdentity identity() {
        return identity;
    }

    List<TablePlan> tables() {
        return tables;
    }

    Map<TopicPartition, OffsetCommit> offsets() {
        return offsets;
    }

    TableBuffers records() {
        return records;
    }

    int committedTables() {
        return committedTables;
    }

    void tableCommitted() {
        committedTables++;
    }

    long rows() {
        return tables.stream().mapToLong(TablePlan::rows).sum();
    }

    boolean isEmpty() {
        return tables.isEmpty() && offsets.isEmpty();
    }

    /** A short description for log lines. */
    String describe() {
        return (identity != null ? "unit " + identity : "unit") + " of " + rows() + " rows into "
                + tables.stream().map(TablePlan::table).toList();
    }

    /** Releases the Arrow batches. */
    @Override
    public void close() {
        for (TablePlan table : tables) {
            table.writes().forEach(ColumnarBatch::close);
        }
    }
}
