package dev.ampconnect.common.sink.store;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The transaction of a {@link WholeUnitStore}: collects the steps per table, applies them as one unit at commit. */
final class UnitCollector implements StoreTransaction {

    private static final class Table {
        boolean truncate;
        final List<ColumnarBatch> writes = new ArrayList<>();
        final List<RegisteredBatch> undone = new ArrayList<>();
        final List<RegisteredBatch> forgotten = new ArrayList<>();
        final List<RegisteredBatch> registered = new ArrayList<>();
        TableState state;
    }

    private final UnitHeader header;
    private final WholeUnitStore store;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    UnitCollector(UnitHeader header, WholeUnitStore store) {
        this.header = header;
        this.store = store;
        header.tables().forEach(table -> tables.put(table, new Table()));
    }

    private Table table(String name) {
        return tables.computeIfAbsent(name, n -> new Table());
    }

    @Override
    public boolean alreadyApplied() {
        // decided by apply(), which compares the stored offsets under its own lock
        return false;
    }

    @Override
    public void truncate(String table) {
        table(table).truncate = true;
    }

    @Override
    public void write(String table, ColumnarBatch batch, String dedupToken) {
        table(table).writes.add(batch);
    }

    @Override
    public void undo(String table, List<RegisteredBatch> batches) {
        table(table).undone.addAll(batches);
    }

    @Override
    public void forget(String table, List<RegisteredBatch> batches) {
        table(table).forgotten.addAll(batches);
    }

    @Override
    public void register(String table, List<RegisteredBatch> batches) {
        table(table).registered.addAll(batches);
    }

    @Override
    public void state(String table, TableState state) {
        table(table).state = state;
    }

    @Override
    public void commit() {
        List<TableChange> changes = new ArrayList<>();
        tables.forEach((name, t) -> {
            TableChange change = new TableChange(name, t.truncate, t.writes, t.registered, t.undone, t.forgotten, t.state);
            if (!change.isEmpty()) {
                changes.add(change);
            }
        });
        store.apply(new UnitOfWork(changes, header.offsets()));
    }

    @Override
    public void close() {
    }
}
