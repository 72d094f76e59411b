package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.PlannedUnit.TablePlan;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.buffer.Segment;
import dev.ampconnect.common.sink.buffer.TableBuffer;
import dev.ampconnect.common.sink.registry.RegistryChanges;
import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Rows a store rejected ({@link StoreException.Kind#DATA}) with {@code errors.tolerance=all}: finds the records
 * (from the store's {@link StoreException.Rejection}, or by bisecting the table's records with rolled-back
 * {@link SinkStore#probe} writes), sends them to the dead letter queue, and rebuilds the failed unit without them
 * (same identity, same offsets, registry row counts corrected), so it is written again without those rows only.
 */
final class RejectedRows {

    /** Upper bound of store probes while isolating rejected rows of one table. */
    private static final int MAX_PROBES = 4_000;

    private final SinkStore store;
    private final ErrantRecords errant;
    private final SegmentConverter converter;
    private final TableRegistries registries;

    RejectedRows(SinkStore store, ErrantRecords errant, SegmentConverter converter, TableRegistries registries) {
        this.store = store;
        this.errant = errant;
        this.converter = converter;
        this.registries = registries;
    }

    /**
     * The unit without the rows {@code failure} is about, after they were reported to the dead letter queue.
     *
     * @throws StoreException {@code failure} itself when the rejected rows cannot be identified
     */
    PlannedUnit isolate(PlannedUnit unit, StoreException failure) {
        int index = tableIndex(unit, failure.table());
        if (index < 0) {
            throw failure;
        }
        TablePlan table = unit.tables().get(index);
        TableBuffer records = unit.records().find(table.table());
        List<SinkRecord> rejected = rejected(table, records, failure);
        if (rejected.isEmpty()) {
            throw failure;
        }
        for (SinkRecord record : rejected) {
            errant.reject(record, new DataException("rejected by the store: " + failure.getMessage(), failure));
        }
        errant.awaitReported();
        Set<SinkRecord> removed = Collections.newSetFromMap(new IdentityHashMap<>());
        removed.addAll(rejected);
        Map<Long, Long> rowsRemoved = rowsBySequence(table.writes(), removed);
        records.removeRecords(rejected);
        List<ColumnarBatch> writes = converter.convert(records);
        List<TablePlan> tables = new ArrayList<>(unit.tables());
        tables.set(index, new TablePlan(table.table(), table.truncate(), writes,
                withoutRows(table.table(), table.registry(), rowsRemoved), table.offsets()));
        table.writes().forEach(ColumnarBatch::close);
        PlannedUnit rebuilt = new PlannedUnit(unit.identity(), tables, unit.offsets(), unit.records());
        for (int i = 0; i < unit.committedTables(); i++) {
            rebuilt.tableCommitted();
        }
        return rebuilt;
    }

    private static int tableIndex(PlannedUnit unit, String table) {
        if (table == null) {
            return -1;
        }
        for (int i = 0; i < unit.tables().size(); i++) {
            if (unit.tables().get(i).table().equals(table)) {
                return i;
            }
        }
        return -1;
    }

    private List<SinkRecord> rejected(TablePlan table, TableBuffer records, StoreException failure) {
        StoreException.Rejection rejection = failure.rejection().orElse(null);
        if (rejection != null) {
            if (rejection.row() < 0) {
                return new ArrayList<>(rejection.batch().records());
            }
            return List.of(rejection.batch().recordOf(rejection.row()));
        }
        if (records == null || !store.canProbe()) {
            return List.of();
        }
        List<BufferedRecord> bad = new ArrayList<>();
        int[] probes = {0};
        for (Segment segment : records.segments()) {
            bisect(table.table(), segment, new ArrayList<>(segment.records()), bad, probes);
        }
        return bad.stream().map(BufferedRecord::record).toList();
    }

    private void bisect(String table, Segment shape, List<BufferedRecord> records, List<BufferedRecord> bad, int[] probes) {
        if (records.isEmpty()) {
            return;
        }
        if (++probes[0] > MAX_PROBES) {
            throw new ConnectException("table " + table + ": too many rows rejected by the store to isolate them one by"
                    + " one (probed " + probes[0] + " times); check the table's columns against the records' schema");
        }
        Segment subset = new Segment(shape.format(), shape.isAmp(), shape.schema());
        subset.records().addAll(records);
        ColumnarBatch batch = converter.build(subset, (record, error) -> bad.add(record));
        if (batch == null) {
            return;
        }
        try {
            store.probe(table, batch);
            return;
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.DATA) {
                throw e;
            }
        } finally {
            batch.close();
        }
        if (records.size() == 1) {
            bad.add(records.get(0));
            return;
        }
        int half = records.size() / 2;
        bisect(table, shape, new ArrayList<>(records.subList(0, half)), bad, probes);
        bisect(table, shape, new ArrayList<>(records.subList(half, records.size())), bad, probes);
    }

    /** Rows of {@code removed} records per batch sequence, counted in the batches that hold them. */
    private static Map<Long, Long> rowsBySequence(List<ColumnarBatch> writes, Set<SinkRecord> removed) {
        Map<Long, Long> rows = new HashMap<>();
        for (ColumnarBatch batch : writes) {
            for (BatchSlice slice : batch.slices()) {
                for (int row = slice.firstRow(); row < slice.endRow(); row++) {
                    if (removed.contains(batch.recordOf(row))) {
                        rows.merge(slice.sequence(), 1L, Long::sum);
                    }
                }
            }
        }
        return rows;
    }

    /** The registry changes with the removed rows taken out of the registered counts (and of the live registry). */
    private RegistryChanges withoutRows(String table, RegistryChanges changes, Map<Long, Long> rowsRemoved) {
        if (rowsRemoved.isEmpty()) {
            return changes;
        }
        TableRegistry registry = registries.find(table);
        List<RegisteredBatch> registered = new ArrayList<>();
        for (RegisteredBatch batch : changes.registered()) {
            long removed = rowsRemoved.getOrDefault(batch.sequence(), 0L);
            if (removed > 0 && registry != null) {
                registry.rowsRemoved(batch.sequence(), removed);
            }
            registered.add(removed == 0 ? batch : batch.with(Math.max(0, batch.rows() - removed), batch.complete()));
        }
        return new RegistryChanges(registered, changes.invalidated(), changes.pruned(), changes.state());
    }
}
