package dev.ampconnect.common.sink.store;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One flush: the changes to every table and the offsets that become true once they are stored. A store
 * applies it all-or-nothing ({@link SinkStore#apply}).
 *
 * @param tables  per-table changes, in the order to apply them
 * @param offsets the new stored offset of every partition whose records the unit accounts for
 */
public record UnitOfWork(List<TableChange> tables, Map<TopicPartition, OffsetCommit> offsets) {

    public UnitOfWork {
        tables = List.copyOf(tables);
        offsets = Map.copyOf(offsets);
    }

    /** Rows the unit writes over all tables. */
    public long rowsWritten() {
        return tables.stream().mapToLong(TableChange::rowsWritten).sum();
    }
}
