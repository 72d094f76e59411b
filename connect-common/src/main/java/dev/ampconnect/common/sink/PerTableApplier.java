package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.PlannedUnit.TablePlan;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * TABLE scope: one store transaction per table, each with the table's own offsets; the unit's last table also
 * records the partition marks (the unit's processed offsets: every record below them is stored in its table once
 * every table of the unit committed). A crash between two tables leaves the marks where the previous unit put
 * them, so the restart resumes there and every table skips what it already holds.
 */
final class PerTableApplier implements UnitApplier {

    private final SinkStore store;

    PerTableApplier(SinkStore store) {
        this.store = store;
    }

    @Override
    public void apply(PlannedUnit unit) {
        List<TablePlan> tables = unit.tables();
        for (int i = unit.committedTables(); i < tables.size(); i++) {
            TablePlan table = tables.get(i);
            Map<TopicPartition, Long> marks = new HashMap<>();
            if (i == tables.size() - 1) {
                unit.offsets().forEach((partition, commit) -> marks.put(partition, commit.nextOffset()));
            }
            UnitHeader header = new UnitHeader(null, List.of(table.table()), table.offsets(), marks, table.rows());
            try (StoreTransaction transaction = store.begin(header)) {
                if (!transaction.alreadyApplied()) {
                    UnitApplier.writeTable(transaction, table, null);
                    transaction.commit();
                }
            }
            unit.tableCommitted();
        }
    }
}
