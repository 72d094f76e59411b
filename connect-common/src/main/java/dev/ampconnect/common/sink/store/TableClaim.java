package dev.ampconnect.common.sink.store;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * {@link CommitScope#TABLE}: one partition's offset and epoch inside one table, taken by {@link SinkStore#loadTable}.
 *
 * @param nextOffset the table's own stored offset for the partition: every record of the partition below it that
 *                   routes to the table is stored in it (empty: none)
 * @param epoch      this task's epoch for (table, partition), bumped by the load; the table's commits carry it
 */
public record TableClaim(OptionalLong nextOffset, long epoch) {

    public TableClaim {
        Objects.requireNonNull(nextOffset, "nextOffset");
    }
}
