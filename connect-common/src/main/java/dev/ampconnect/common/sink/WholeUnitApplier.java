package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.PlannedUnit.TablePlan;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.util.Map;

/** UNIT scope: every table and the partition offsets in one store transaction. */
final class WholeUnitApplier implements UnitApplier {

    private final SinkStore store;

    WholeUnitApplier(SinkStore store) {
        this.store = store;
    }

    @Override
    public void apply(PlannedUnit unit) {
        UnitHeader header = new UnitHeader(null, unit.tables().stream().map(TablePlan::table).toList(), unit.offsets(),
                Map.of(), unit.rows());
        try (StoreTransaction transaction = store.begin(header)) {
            if (transaction.alreadyApplied()) {
                return;
            }
            for (TablePlan table : unit.tables()) {
                UnitApplier.writeTable(transaction, table, null);
            }
            transaction.commit();
        }
    }
}
