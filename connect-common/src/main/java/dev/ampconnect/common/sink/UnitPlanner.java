package dev.ampconnect.common.sink;

import dev.ampconnect.common.sink.PlannedUnit.TablePlan;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.buffer.TableBuffer;
import dev.ampconnect.common.sink.registry.RegistryChanges;
import dev.ampconnect.common.sink.registry.TableRegistry;
import dev.ampconnect.common.sink.store.CommitScope;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.UnitIdentity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Cuts what is pending (buffered records, registry changes, processed offsets) into units of work, per the store's
 * commit scope: {@code UNIT} and {@code TABLE} take every table and every partition into one unit (a partition's
 * records may feed several tables, and its offset must mean "everything below is stored"); {@code IDEMPOTENT} cuts
 * one unit per partition, from the offset the last unit ended at, with a stable identity. Planning never touches
 * the store: it may run while the previous unit is still being written.
 */
final class UnitPlanner {

    private final CommitScope scope;
    private final String connector;
    private final TableBuffers buffers;
    private final TableRegistries registries;
    private final OffsetLedger ledger;
    private final SegmentConverter converter;
    private final long reorgDepthBlocks;
    private final boolean truncateOnFirstWrite;
    private final boolean keepRecords;

    UnitPlanner(CommitScope scope, String connector, TableBuffers buffers, TableRegistries registries, OffsetLedger ledger,
                SegmentConverter converter, long reorgDepthBlocks, boolean truncateOnFirstWrite, boolean keepRecords) {
        this.scope = scope;
        this.connector = connector;
        this.buffers = buffers;
        this.registries = registries;
        this.ledger = ledger;
        this.converter = converter;
        this.reorgDepthBlocks = reorgDepthBlocks;
        this.truncateOnFirstWrite = truncateOnFirstWrite;
        this.keepRecords = keepRecords;
    }

    /** Whether a cut now would produce a unit. */
    boolean hasPendingWork() {
        return !buffers.isEmpty() || ledger.hasUnplannedProgress()
                || registries.all().stream().anyMatch(TableRegistry::hasChanges);
    }

    /**
     * Cuts everything pending. {@code IDEMPOTENT}: one unit per partition, except partitions whose first unit must end
     * at a recorded end not reached yet (they are cut when they reach it).
     */
    List<PlannedUnit> cutAll() {
        if (scope != CommitScope.IDEMPOTENT) {
            PlannedUnit unit = whole();
            return unit.isEmpty() ? closed(unit) : List.of(unit);
        }
        List<PlannedUnit> units = new ArrayList<>();
        List<TopicPartition> partitions = new ArrayList<>(ledger.withUnplannedProgress());
        partitions.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        for (TopicPartition partition : partitions) {
            Long pendingEnd = ledger.pendingUnitEnd(partition);
            if (pendingEnd != null && ledger.processedOffset(partition) < pendingEnd) {
                continue;
            }
            units.add(ofPartition(partition));
        }
        return units;
    }

    /**
     * Cuts the unit of the partition a record that forces a cut came from ({@code IDEMPOTENT}), or everything
     * (the other scopes).
     */
    List<PlannedUnit> cutFor(TopicPartition partition) {
        if (scope != CommitScope.IDEMPOTENT) {
            return cutAll();
        }
        if (!ledger.withUnplannedProgress().contains(partition)) {
            return List.of();
        }
        return List.of(ofPartition(partition));
    }

    private static List<PlannedUnit> closed(PlannedUnit unit) {
        unit.close();
        return List.of();
    }

    /** UNIT and TABLE scopes: every table, every partition. */
    private PlannedUnit whole() {
        TableBuffers taken = buffers.detach();
        Set<String> tables = new TreeSet<>();
        taken.all().forEach(buffer -> tables.add(buffer.table()));
        registries.all().forEach(registry -> tables.add(registry.table()));
        List<TablePlan> plans = new ArrayList<>();
        try {
            for (String table : tables) {
                TablePlan plan = planTable(table, taken.find(table));
                if (plan.isEmpty()) {
                    continue;
                }
                plans.add(plan);
            }
        } catch (RuntimeException | Error e) {
            plans.forEach(plan -> plan.writes().forEach(ColumnarBatch::close));
            taken.clear();
            throw e;
        }
        Map<TopicPartition, OffsetCommit> offsets = ledger.plan(ledger.withUnplannedProgress());
        return new PlannedUnit(null, plans, offsets, retained(taken));
    }

    /** IDEMPOTENT scope: one partition's records and the tables they feed. */
    private PlannedUnit ofPartition(TopicPartition partition) {
        TableBuffers taken = buffers.detach(partition);
        String source = partition.topic() + "-" + partition.partition();
        Set<String> tables = new TreeSet<>();
        taken.all().forEach(buffer -> tables.add(buffer.table()));
        for (TableRegistry registry : registries.all()) {
            if (registry.hasChanges() && source.equals(registry.state().source())) {
                tables.add(registry.table());
            }
        }
        List<TablePlan> plans = new ArrayList<>();
        try {
            for (String table : tables) {
                TablePlan plan = planTable(table, taken.find(table));
                if (!plan.isEmpty()) {
                    plans.add(plan);
                }
            }
        } catch (RuntimeException | Error e) {
            plans.forEach(plan -> plan.writes().forEach(ColumnarBatch::close));
            taken.clear();
            throw e;
        }
        long from = ledger.unitStart(partition);
        Map<TopicPartition, OffsetCommit> offsets = ledger.plan(List.of(partition));
        OffsetCommit commit = offsets.get(partition);
        UnitIdentity identity = new UnitIdentity(connector, partition, from, commit.nextOffset(), ledger.lineage(partition));
        return new PlannedUnit(identity, plans, offsets, retained(taken));
    }

    /**
     * The buffered records a planned unit keeps: all of them when rows the store rejects go to the dead letter
     * queue (the unit is rebuilt from them without those rows), none otherwise (a rejected row then fails the task,
     * and the unit's batches name every row's origin). Keeping a unit's records alive while it is written made
     * every young collection of a {@code rows}-format worker copy them (BENCHMARKS.md "End to end").
     */
    private TableBuffers retained(TableBuffers taken) {
        if (keepRecords) {
            return taken;
        }
        taken.clear();
        return new TableBuffers();
    }

    private TablePlan planTable(String table, TableBuffer buffer) {
        List<ColumnarBatch> writes = buffer == null || buffer.isEmpty() ? List.of() : converter.convert(buffer);
        Map<Long, Long> rowsBySequence = new HashMap<>();
        for (ColumnarBatch batch : writes) {
            for (BatchSlice slice : batch.slices()) {
                rowsBySequence.merge(slice.sequence(), (long) slice.rowCount(), Long::sum);
            }
        }
        TableRegistry registry = registries.find(table);
        if (registry == null) {
            throw new IllegalStateException("table " + table + " was planned before its registry was loaded");
        }
        boolean truncate = truncateOnFirstWrite && registry.isNewTable();
        registry.prune(reorgDepthBlocks);
        RegistryChanges changes = registry.drain(rowsBySequence);
        Map<TopicPartition, OffsetCommit> tableOffsets = scope == CommitScope.TABLE ? ledger.planTable(table) : Map.of();
        return new TablePlan(table, truncate, writes, changes, tableOffsets);
    }
}
