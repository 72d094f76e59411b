package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.batch.ArrowColumnarBuilder;
import dev.ampconnect.common.sink.batch.BufferedRecord;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.RecordFormat;
import dev.ampconnect.common.sink.batch.RowsColumnarBuilder;
import dev.ampconnect.common.sink.batch.Segment;
import dev.ampconnect.common.sink.batch.TableBuffer;
import dev.ampconnect.common.sink.registry.RegistryChanges;
import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.SinkStore;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.TableChange;
import dev.ampconnect.common.sink.store.UnitOfWork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns everything pending (buffers of every table, registry changes, processed offsets) into ONE unit of
 * work and has the store apply it. Every table is flushed together so a stored offset always means "every
 * record below it is stored" (a partition's records may feed several tables). When the store rejects rows
 * and {@code errors.tolerance=all}, the rejected records go to the dead letter queue and the unit is
 * rebuilt without them.
 */
final class Flusher {

    /** Upper bound of rebuild rounds while isolating rejected rows in one flush. */
    private static final int MAX_ISOLATION_ROUNDS = 1_000;

    private final SinkStore store;
    private final TableRegistries registries;
    private final TableBuffers buffers;
    private final OffsetLedger ledger;
    private final ErrantRecords errant;
    private final BufferAllocator allocator;
    private final SinkMetrics metrics;
    private final long reorgDepthBlocks;
    private final boolean truncateOnFirstWrite;

    Flusher(SinkStore store, TableRegistries registries, TableBuffers buffers, OffsetLedger ledger, ErrantRecords errant,
            BufferAllocator allocator, SinkMetrics metrics, long reorgDepthBlocks, boolean truncateOnFirstWrite) {
        this.store = store;
        this.registries = registries;
        this.buffers = buffers;
        this.ledger = ledger;
        this.errant = errant;
        this.allocator = allocator;
        this.metrics = metrics;
        this.reorgDepthBlocks = reorgDepthBlocks;
        this.truncateOnFirstWrite = truncateOnFirstWrite;
    }

    /** Whether a flush would store anything. */
    boolean hasPendingWork() {
        return !buffers.isEmpty() || ledger.hasUnstoredProgress()
                || registries.all().stream().anyMatch(TableRegistry::hasChanges);
    }

    /**
     * Applies everything pending as one unit.
     *
     * @throws StoreException when the store failed (nothing was stored; everything stays pending)
     */
    void flush() {
        for (int round = 0; ; round++) {
            Plan plan = plan();
            try {
                errant.awaitReported();
                if (!plan.unit.tables().isEmpty() || !plan.unit.offsets().isEmpty()) {
                    store.apply(plan.unit);
                }
                committed(plan);
                return;
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.DATA || !errant.tolerates() || round >= MAX_ISOLATION_ROUNDS) {
                    throw e;
                }
                if (!rejectRows(e)) {
                    throw e;
                }
            } finally {
                plan.close();
            }
        }
    }

    /** Builds the unit from the current pending state without changing it. */
    private Plan plan() {
        Plan plan = new Plan();
        try {
            TreeSet<String> tables = new TreeSet<>();
            buffers.all().forEach(buffer -> tables.add(buffer.table()));
            registries.all().forEach(registry -> tables.add(registry.table()));
            List<TableChange> changes = new ArrayList<>();
            for (String table : tables) {
                TableChange change = planTable(table, plan);
                if (change != null && !change.isEmpty()) {
                    changes.add(change);
                }
            }
            plan.unit = new UnitOfWork(changes, ledger.unstored());
            return plan;
        } catch (RuntimeException | Error e) {
            plan.close();
            throw e;
        }
    }

    private TableChange planTable(String table, Plan plan) {
        TableBuffer buffer = buffers.find(table);
        List<ColumnarBatch> writes = new ArrayList<>();
        Map<Long, Long> rowsBySequence = new HashMap<>();
        if (buffer != null && !buffer.isEmpty()) {
            List<SinkRecord> rejected = new ArrayList<>();
            for (Segment segment : buffer.segments()) {
                ColumnarBatch batch = build(segment, (record, error) -> {
                    errant.reject(record.record(), error);
                    rejected.add(record.record());
                });
                if (batch == null) {
                    continue;
                }
                plan.batches.add(batch);
                writes.add(batch);
                for (BatchSlice slice : batch.slices()) {
                    rowsBySequence.merge(slice.sequence(), (long) slice.rowCount(), Long::sum);
                }
            }
            // rejected records are already reported: never convert (or report) them again
            buffer.removeRecords(rejected);
        }
        TableRegistry registry = registries.get(table);
        registry.prune(reorgDepthBlocks);
        RegistryChanges registryChanges = registry.changes(rowsBySequence);
        plan.registryChanges.put(table, registryChanges);
        boolean truncate = truncateOnFirstWrite && registry.isNewTable();
        return new TableChange(table, truncate, writes, registryChanges.registered(), registryChanges.invalidated(),
                registryChanges.pruned(), registryChanges.state());
    }

    private ColumnarBatch build(Segment segment, dev.ampconnect.common.sink.batch.BadRecordSink rejected) {
        if (segment.format() == RecordFormat.ROWS) {
            return RowsColumnarBuilder.build(segment, allocator, rejected);
        }
        return ArrowColumnarBuilder.build(segment, allocator, rejected);
    }

    /**
     * Sends the rows a store rejected to the dead letter queue and drops them from the buffers.
     *
     * @return whether anything was rejected (else the failure cannot be isolated)
     */
    private boolean rejectRows(StoreException failure) {
        StoreException.Rejection rejection = failure.rejection().orElse(null);
        if (rejection == null) {
            return isolateByProbing(failure);
        }
        List<SinkRecord> records = new ArrayList<>();
        if (rejection.row() < 0) {
            records.addAll(rejection.batch().records());
        } else {
            records.add(rejection.batch().recordOf(rejection.row()));
        }
        for (SinkRecord record : records) {
            errant.reject(record, new DataException("rejected by the store: " + failure.getMessage(), failure));
        }
        TableBuffer buffer = buffers.find(failure.table());
        if (buffer != null) {
            buffer.removeRecords(records);
        }
        errant.awaitReported();
        return !records.isEmpty();
    }

    /** Bisects the failing table's buffered records with rolled-back probe writes. */
    private boolean isolateByProbing(StoreException failure) {
        TableBuffer buffer = failure.table() == null ? null : buffers.find(failure.table());
        if (buffer == null || !store.canProbe()) {
            return false;
        }
        List<BufferedRecord> bad = new ArrayList<>();
        int[] probes = {0};
        for (Segment segment : new ArrayList<>(buffer.segments())) {
            bisect(failure.table(), segment, new ArrayList<>(segment.records()), bad, probes);
        }
        List<SinkRecord> records = new ArrayList<>();
        for (BufferedRecord record : bad) {
            errant.reject(record.record(), new DataException("rejected by the store: " + failure.getMessage(), failure));
            records.add(record.record());
        }
        buffer.removeRecords(records);
        errant.awaitReported();
        return !bad.isEmpty();
    }

    private void bisect(String table, Segment shape, List<BufferedRecord> records, List<BufferedRecord> bad, int[] probes) {
        if (records.isEmpty()) {
            return;
        }
        if (++probes[0] > 4 * MAX_ISOLATION_ROUNDS) {
            throw new ConnectException("table " + table + ": too many rows rejected by the store to isolate them one by"
                    + " one (probed " + probes[0] + " times); check the table's columns against the records' schema");
        }
        Segment subset = new Segment(shape.format(), shape.isAmp(), shape.schema());
        subset.records().addAll(records);
        ColumnarBatch batch = build(subset, (record, error) -> bad.add(record));
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

    private void committed(Plan plan) {
        for (TableRegistry registry : registries.all()) {
            RegistryChanges changes = plan.registryChanges.get(registry.table());
            if (changes == null) {
                continue;
            }
            registry.committed(changes);
            for (RegisteredBatch batch : changes.invalidated()) {
                metrics.rowsDeleted(batch.rows());
            }
            for (String network : registry.networks()) {
                registry.lastCompleteBlock(network).ifPresent(block -> metrics.lastCompleteBlock(registry.table(), network, block));
            }
        }
        buffers.clear();
        ledger.stored(plan.unit.offsets());
        metrics.rowsWritten(plan.unit.rowsWritten());
        metrics.flushed();
    }

    /** A unit under construction and the Arrow batches it holds. */
    private static final class Plan implements AutoCloseable {
        final List<ColumnarBatch> batches = new ArrayList<>();
        final Map<String, RegistryChanges> registryChanges = new HashMap<>();
        UnitOfWork unit;

        @Override
        public void close() {
            for (ColumnarBatch batch : batches) {
                batch.close();
            }
            batches.clear();
        }
    }
}
