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
    /** The background writer of {@link #flushInBackground}, or null when every unit is applied in line. */
    private final BackgroundApply background;
    /** The unit the store is applying in the background, or null. */
    private InFlight inFlight;

    Flusher(SinkStore store, TableRegistries registries, TableBuffers buffers, OffsetLedger ledger, ErrantRecords errant,
            BufferAllocator allocator, SinkMetrics metrics, long reorgDepthBlocks, boolean truncateOnFirstWrite,
            BackgroundApply background) {
        this.store = store;
        this.registries = registries;
        this.buffers = buffers;
        this.ledger = ledger;
        this.errant = errant;
        this.allocator = allocator;
        this.metrics = metrics;
        this.reorgDepthBlocks = reorgDepthBlocks;
        this.truncateOnFirstWrite = truncateOnFirstWrite;
        this.background = background;
    }

    /** Whether a flush would store anything (or a unit is still in flight). */
    boolean hasPendingWork() {
        return inFlight != null || !buffers.isEmpty() || ledger.hasUnstoredProgress()
                || registries.all().stream().anyMatch(TableRegistry::hasChanges);
    }

    /** Whether a unit is in flight and the store has finished with it (settling it will not wait). */
    boolean inFlightDone() {
        return inFlight != null && inFlight.applied().isDone();
    }

    /**
     * Applies everything pending as one unit, after the unit in flight (if any).
     *
     * @throws StoreException when the store failed (nothing of the failed unit was stored; everything stays pending)
     */
    void flush() {
        settle();
        flushInLine();
    }

    /**
     * Converts everything pending into one unit and hands it to the background writer, then returns: the
     * task buffers the next records while the store writes. The previous unit is settled first (only its
     * wait, not the conversion, blocks), so at most one unit is in flight. Without a background writer this
     * is {@link #flush()}.
     */
    void flushInBackground() {
        if (background == null) {
            flush();
            return;
        }
        // the conversion (the expensive part of planning) overlaps the unit still in flight
        Map<Segment, ColumnarBatch> converted = new java.util.IdentityHashMap<>();
        try {
            for (TableBuffer buffer : buffers.all()) {
                convert(buffer, converted);
            }
            settle();
        } catch (RuntimeException | Error e) {
            converted.values().forEach(ColumnarBatch::close);
            throw e;
        }
        Plan plan = plan(converted);
        if (plan.unit.tables().isEmpty() && plan.unit.offsets().isEmpty()) {
            committed(plan, buffers);
            plan.close();
            return;
        }
        try {
            errant.awaitReported();
        } catch (RuntimeException | Error e) {
            plan.close();
            throw e;
        }
        UnitOfWork unit = plan.unit;
        inFlight = new InFlight(plan, buffers.detach(), background.submit(() -> store.apply(unit)));
    }

    /**
     * Waits for the unit in flight. Stored: its registry changes, offsets and metrics are recorded. Failed:
     * its records go back in front of the buffers (with the registry and offsets untouched, the next unit
     * carries them again) and the failure is thrown as a failed flush's would be; a rejected row with
     * {@code errors.tolerance=all} is isolated right away by an in-line flush.
     *
     * @return whether a unit was settled
     */
    boolean settle() {
        InFlight unit = inFlight;
        if (unit == null) {
            return false;
        }
        inFlight = null;
        RuntimeException failure;
        try {
            background.await(unit.applied());
            committed(unit.plan(), unit.buffered());
            return true;
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            unit.plan().close();
        }
        buffers.restore(unit.buffered());
        if (failure instanceof StoreException stored && stored.kind() == StoreException.Kind.DATA && errant.tolerates()) {
            flushInLine();
            return true;
        }
        throw failure;
    }

    /** Settles the unit in flight and stops the background writer (the task stops). */
    void shutdown() {
        try {
            settle();
        } finally {
            if (background != null) {
                background.close();
            }
        }
    }

    private void flushInLine() {
        for (int round = 0; ; round++) {
            Plan plan = plan(Map.of());
            try {
                errant.awaitReported();
                if (!plan.unit.tables().isEmpty() || !plan.unit.offsets().isEmpty()) {
                    store.apply(plan.unit);
                }
                committed(plan, buffers);
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

    /**
     * Builds the unit from the current pending state without changing it, using the batches already
     * {@code converted} from buffered segments (taken over by the plan).
     */
    private Plan plan(Map<Segment, ColumnarBatch> converted) {
        Plan plan = new Plan();
        plan.batches.addAll(converted.values());
        try {
            TreeSet<String> tables = new TreeSet<>();
            buffers.all().forEach(buffer -> tables.add(buffer.table()));
            registries.all().forEach(registry -> tables.add(registry.table()));
            List<TableChange> changes = new ArrayList<>();
            for (String table : tables) {
                TableChange change = planTable(table, plan, converted);
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

    private TableChange planTable(String table, Plan plan, Map<Segment, ColumnarBatch> converted) {
        TableBuffer buffer = buffers.find(table);
        List<ColumnarBatch> writes = new ArrayList<>();
        Map<Long, Long> rowsBySequence = new HashMap<>();
        if (buffer != null && !buffer.isEmpty()) {
            Map<Segment, ColumnarBatch> built = new java.util.IdentityHashMap<>(converted);
            List<ColumnarBatch> added = convert(buffer, built);
            plan.batches.addAll(added);
            for (Segment segment : buffer.segments()) {
                ColumnarBatch batch = built.get(segment);
                if (batch == null) {
                    continue;
                }
                writes.add(batch);
                for (BatchSlice slice : batch.slices()) {
                    rowsBySequence.merge(slice.sequence(), (long) slice.rowCount(), Long::sum);
                }
            }
        }
        TableRegistry registry = registries.get(table);
        registry.prune(reorgDepthBlocks);
        RegistryChanges registryChanges = registry.changes(rowsBySequence);
        plan.registryChanges.put(table, registryChanges);
        boolean truncate = truncateOnFirstWrite && registry.isNewTable();
        return new TableChange(table, truncate, writes, registryChanges.registered(), registryChanges.invalidated(),
                registryChanges.pruned(), registryChanges.state());
    }

    /**
     * Converts the segments of {@code buffer} not in {@code converted} yet, adding them there; records that
     * cannot be converted go to the dead letter queue (or fail the task) and leave the buffer.
     *
     * @return the batches converted by this call
     */
    private List<ColumnarBatch> convert(TableBuffer buffer, Map<Segment, ColumnarBatch> converted) {
        List<ColumnarBatch> added = new ArrayList<>();
        List<SinkRecord> rejected = new ArrayList<>();
        try {
            for (Segment segment : buffer.segments()) {
                if (converted.containsKey(segment)) {
                    continue;
                }
                ColumnarBatch batch = build(segment, (record, error) -> {
                    errant.reject(record.record(), error);
                    rejected.add(record.record());
                });
                if (batch != null) {
                    converted.put(segment, batch);
                    added.add(batch);
                    store.prepare(buffer.table(), batch);
                }
            }
        } catch (RuntimeException | Error e) {
            added.forEach(ColumnarBatch::close);
            throw e;
        }
        // rejected records are already reported: never convert (or report) them again
        buffer.removeRecords(rejected);
        return added;
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

    /** Records that the unit of {@code plan} is stored; {@code stored} held its records. */
    private void committed(Plan plan, TableBuffers stored) {
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
        stored.clear();
        ledger.stored(plan.unit.offsets());
        metrics.rowsWritten(plan.unit.rowsWritten());
        metrics.flushed();
    }

    /** A unit the background writer applies, and the buffered records it was built from. */
    private record InFlight(Plan plan, TableBuffers buffered, java.util.concurrent.Future<?> applied) {
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
