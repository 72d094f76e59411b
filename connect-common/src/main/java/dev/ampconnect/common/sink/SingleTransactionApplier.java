package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.PlannedUnit.TablePlan;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.UnitHeader;
import java.util.Map;

/**
 * UNIT and IDEMPOTENT scopes: the whole unit through one store transaction. UNIT: every table and the partition
 * offsets become visible at once. IDEMPOTENT: one partition's unit as idempotent steps (the store records the unit's
 * identity in {@code begin}, rows carry its dedup tokens, deletes are by sequence) with the registry, states and
 * offsets last, as the commit marker; retried, or replayed after a restart, it converges on the same stored result.
 */
final class SingleTransactionApplier implements UnitApplier {

    private final SinkStore store;

    SingleTransactionApplier(SinkStore store) {
        this.store = store;
    }

    @Override
    public void apply(PlannedUnit unit) {
        UnitHeader header = new UnitHeader(unit.identity(), unit.tables().stream().map(TablePlan::table).toList(),
                unit.offsets(), Map.of(), unit.rows());
        try (StoreTransaction transaction = store.begin(header)) {
            if (transaction.alreadyApplied()) {
                return;
            }
            for (TablePlan table : unit.tables()) {
                UnitApplier.writeTable(transaction, table, unit.identity());
            }
            transaction.commit();
        }
    }
}
