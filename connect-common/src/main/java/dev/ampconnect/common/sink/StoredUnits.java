package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.PlannedUnit.TablePlan;
import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.RegisteredBatch;

/** Records what a stored unit makes true: its offsets become reportable, its rows and deletes count in the metrics. */
final class StoredUnits {

    private final CommitScope scope;
    private final OffsetLedger ledger;
    private final TableRegistries registries;
    private final SinkMetrics metrics;

    StoredUnits(CommitScope scope, OffsetLedger ledger, TableRegistries registries, SinkMetrics metrics) {
        this.scope = scope;
        this.ledger = ledger;
        this.registries = registries;
        this.metrics = metrics;
    }

    void record(PlannedUnit unit) {
        if (scope == CommitScope.TABLE) {
            for (TablePlan table : unit.tables()) {
                ledger.tableStored(table.table(), table.offsets());
            }
            if (!unit.tables().isEmpty()) {
                // the partition marks went with the last table's commit
                ledger.stored(unit.offsets());
            }
        } else {
            ledger.stored(unit.offsets());
        }
        for (TablePlan table : unit.tables()) {
            for (RegisteredBatch batch : table.registry().invalidated()) {
                metrics.rowsDeleted(batch.rows());
            }
            TableRegistry registry = registries.find(table.table());
            if (registry != null) {
                for (String network : registry.networks()) {
                    registry.lastCompleteBlock(network)
                            .ifPresent(block -> metrics.lastCompleteBlock(registry.table(), network, block));
                }
            }
        }
        metrics.rowsWritten(unit.rows());
        metrics.flushed();
    }
}
