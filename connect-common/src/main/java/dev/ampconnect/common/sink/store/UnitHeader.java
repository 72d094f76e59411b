package dev.ampconnect.common.sink.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link StoreTransaction} commits, given to {@link SinkStore#begin} before any step, so a store can check
 * its fencing epochs and compare the stored offsets first.
 *
 * @param identity       {@link CommitScope#IDEMPOTENT}: the unit's stable identity (record it before the first
 *                       row, so a restart re-forms this unit); {@code null} in the other scopes
 * @param tables         the tables the transaction writes, in the order of its steps ({@link CommitScope#TABLE}:
 *                       exactly one)
 * @param offsets        the offsets the commit stores: per partition ({@link CommitScope#UNIT}, {@link
 *                       CommitScope#IDEMPOTENT}: exactly the unit's partition), or the table's own offsets per
 *                       partition ({@link CommitScope#TABLE}, with the table's epochs)
 * @param partitionMarks {@link CommitScope#TABLE}: per partition, an offset below which every record of the
 *                       partition is stored in its table, recorded by the last table commit of a unit (the
 *                       partition resumes at the highest mark any table holds); empty otherwise
 * @param rows           rows the transaction writes (for messages)
 */
public record UnitHeader(UnitIdentity identity, List<String> tables, Map<TopicPartition, OffsetCommit> offsets,
                         Map<TopicPartition, Long> partitionMarks, long rows) {

    public UnitHeader {
        tables = List.copyOf(tables);
        offsets = Map.copyOf(Objects.requireNonNull(offsets, "offsets"));
        partitionMarks = Map.copyOf(Objects.requireNonNull(partitionMarks, "partitionMarks"));
    }

    /** A short description for log lines and errors. */
    public String describe() {
        return (identity != null ? "unit " + identity : "unit") + " of " + rows + " rows into " + tables;
    }
}
