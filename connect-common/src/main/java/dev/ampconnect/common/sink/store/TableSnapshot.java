package dev.ampconnect.common.sink.store;

import java.util.List;
import java.util.Optional;

/**
 * What a store holds about one table for this connector.
 *
 * @param state   the table state, empty when this connector never wrote the table
 * @param batches the registered batches, any order
 */
public record TableSnapshot(Optional<TableState> state, List<RegisteredBatch> batches) {

    public TableSnapshot {
        batches = List.copyOf(batches);
    }

    /** A table this connector never wrote. */
    public static TableSnapshot absent() {
        return new TableSnapshot(Optional.empty(), List.of());
    }
}
