package dev.ampconnect.common.sink.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * What a store holds about one table for this connector.
 *
 * @param state   the table state, empty when this connector never wrote the table
 * @param batches the registered batches, any order
 * @param claims  {@link CommitScope#TABLE}: per partition the task owns, the table's own offset and the epoch the
 *                load took; empty for the other scopes
 */
public record TableSnapshot(Optional<TableState> state, List<RegisteredBatch> batches,
                            Map<TopicPartition, TableClaim> claims) {

    public TableSnapshot {
        batches = List.copyOf(batches);
        claims = Map.copyOf(claims);
    }

    /** A snapshot without table claims ({@link CommitScope#UNIT}, {@link CommitScope#IDEMPOTENT}). */
    public TableSnapshot(Optional<TableState> state, List<RegisteredBatch> batches) {
        this(state, batches, Map.of());
    }

    /** A table this connector never wrote. */
    public static TableSnapshot absent() {
        return new TableSnapshot(Optional.empty(), List.of(), Map.of());
    }
}
