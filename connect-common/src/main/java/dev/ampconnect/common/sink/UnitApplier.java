package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.PlannedUnit.TablePlan;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.UnitIdentity;

/**
 * Writes a planned unit through the store's transactions, in the order its commit scope requires ({@link
 * StoreTransaction}: per table truncate, writes, undo, forget, register, state; then commit). Runs on the task's
 * thread or the background writer; throws the store's failure as it is.
 */
interface UnitApplier {

    /**
     * Writes {@code unit}; returns normally once all of it is stored (or the store already held it). A TABLE-scope
     * unit that failed part-way resumes after its committed tables ({@link PlannedUnit#committedTables()}).
     */
    void apply(PlannedUnit unit);

    /** The applier of a store's commit scope. */
    static UnitApplier of(SinkStore store) {
        return store.commitScope() == CommitScope.TABLE ? new PerTableApplier(store) : new SingleTransactionApplier(store);
    }

    /** The steps of one table, in the order every scope shares. */
    static void writeTable(StoreTransaction transaction, TablePlan plan, UnitIdentity identity) {
        String table = plan.table();
        if (plan.truncate()) {
            transaction.truncate(table);
        }
        for (int i = 0; i < plan.writes().size(); i++) {
            transaction.write(table, plan.writes().get(i), identity == null ? null : identity.dedupToken(table, i));
        }
        if (!plan.registry().invalidated().isEmpty()) {
            transaction.undo(table, plan.registry().invalidated());
        }
        if (!plan.registry().pruned().isEmpty()) {
            transaction.forget(table, plan.registry().pruned());
        }
        if (!plan.registry().registered().isEmpty()) {
            transaction.register(table, plan.registry().registered());
        }
        if (plan.registry().state() != null) {
            transaction.state(table, plan.registry().state());
        }
    }
}
