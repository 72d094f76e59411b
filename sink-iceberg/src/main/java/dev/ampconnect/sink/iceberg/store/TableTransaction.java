package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableState;
import dev.ampconnect.common.sink.store.UnitHeader;
import dev.ampconnect.sink.iceberg.commit.TableCommit;
import dev.ampconnect.sink.iceberg.schema.IncompatibleTableException;
import dev.ampconnect.sink.iceberg.schema.UnsupportedColumnException;
import dev.ampconnect.sink.iceberg.write.ParquetBatchWriter;
import dev.ampconnect.sink.iceberg.write.RejectedValueException;
import dev.ampconnect.sink.iceberg.write.RowDeletes;
import dev.ampconnect.sink.iceberg.write.WrittenFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table's part of a unit as ONE Iceberg commit (TABLE scope): its data files, the deletes of the batches it
 * undoes, removed fully-deleted files, its registry with positions, its state, its own offsets per partition and
 * (last table of a unit) the partition marks, guarded by the (table, partition) entries it found at {@link #begin}.
 *
 * <p>The steps only collect; {@link #commit()} does the work, so the rows of a batch the same unit undoes are never
 * written (no delete has to point at them), and nothing is visible before the commit except a table created for
 * the first rows (empty until the commit) or a column added for new fields.
 */
final class TableTransaction implements StoreTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(TableTransaction.class);

    private final StoreContext context;
    private final UnitHeader header;
    private final String name;
    private final String owner;
    private final Table loaded;
    /**
     * The sink's properties this unit builds on: the table's, and, while the table does not exist, the state earlier
     * units of this task left for it ({@link PendingTables}).
     */
    private final Map<String, String> view;
    /** Per partition of the header (offsets and marks): the entry at begin, null when absent. */
    private final Map<TopicPartition, PartitionEntry> entries = new HashMap<>();
    /** Property key -> value at begin (null: absent): the commit requires them unchanged. */
    private final Map<String, String> guard = new LinkedHashMap<>();
    private final boolean alreadyApplied;

    private boolean truncate;
    private final List<ColumnarBatch> writes = new ArrayList<>();
    private final List<RegisteredBatch> undone = new ArrayList<>();
    private final List<RegisteredBatch> forgotten = new ArrayList<>();
    private final List<RegisteredBatch> registered = new ArrayList<>();
    private TableState state;

    private ParquetBatchWriter writer;
    private RowDeletes deletes;
    private Table writtenTo;
    private boolean committed;
    private boolean outcomeUnknown;

    /** Begins: reads the table's entries, checks the epochs and compares the stored offsets. */
    static TableTransaction begin(StoreContext context, UnitHeader header) {
        return new TableTransaction(context, header);
    }

    private TableTransaction(StoreContext context, UnitHeader header) {
        this.context = context;
        this.header = header;
        this.name = header.tables().get(0);
        this.owner = "connector " + context.keys().connector() + " table " + context.qualified(name);
        try {
            this.loaded = context.find(name);
            Map<String, String> real = loaded == null ? Map.of() : loaded.properties();
            this.view = withPending(real);
            for (TopicPartition partition : partitions()) {
                String key = context.keys().partition(partition);
                String value = real.get(key);
                PartitionEntry entry = PartitionEntry.decode(view.get(key));
                OffsetCommit offset = header.offsets().get(partition);
                Long claimed = offset != null ? Long.valueOf(offset.epoch()) : context.claims().epoch(name, partition);
                if (claimed != null) {
                    OffsetChecks.owned(owner, partition, entry, claimed, context.claims().claimedAbsent(name, partition));
                }
                entries.put(partition, entry);
                guard.put(key, value);
            }
            this.alreadyApplied = OffsetChecks.alreadyApplied(owner, header.offsets(), entries);
        } catch (RuntimeException e) {
            throw StoreErrors.of(e, null, "checking the offsets of a " + header.describe());
        }
        if (alreadyApplied) {
            LOG.info("Table {} already holds the offsets of this {} (an earlier attempt committed it)",
                    context.qualified(name), header.describe());
        }
    }

    /**
     * The table's properties, with what this task holds for it while it did not exist ({@link PendingTables}) where
     * the table has no value of its own (another writer may have created it meanwhile).
     */
    private Map<String, String> withPending(Map<String, String> real) {
        Map<String, String> pending = context.pending().of(name);
        if (pending.isEmpty()) {
            return real;
        }
        Map<String, String> merged = new HashMap<>(pending);
        merged.putAll(real);
        return merged;
    }

    private Set<TopicPartition> partitions() {
        Set<TopicPartition> partitions = new LinkedHashSet<>(header.offsets().keySet());
        partitions.addAll(header.partitionMarks().keySet());
        return partitions;
    }

    @Override
    public boolean alreadyApplied() {
        return alreadyApplied;
    }

    @Override
    public void truncate(String table) {
        truncate = true;
    }

    @Override
    public void write(String table, ColumnarBatch batch, String dedupToken) {
        writes.add(batch);
    }

    @Override
    public void undo(String table, List<RegisteredBatch> batches) {
        undone.addAll(batches);
    }

    @Override
    public void forget(String table, List<RegisteredBatch> batches) {
        forgotten.addAll(batches);
    }

    @Override
    public void register(String table, List<RegisteredBatch> batches) {
        registered.addAll(batches);
    }

    @Override
    public void state(String table, TableState tableState) {
        this.state = tableState;
    }

    @Override
    public void commit() {
        if (alreadyApplied) {
            throw new IllegalStateException("commit of a unit the table already holds");
        }
        if (loaded == null && writes.isEmpty()) {
            keepPending();
            return;
        }
        String commitId = UUID.randomUUID().toString();
        Table table = loaded;
        Long base = null;
        try {
            table = prepare(table);
            table.refresh();
            Map<String, String> real = table.properties();
            checkGuard(real);
            Map<String, String> basis = withPending(real);
            Snapshot head = table.currentSnapshot();
            base = head == null ? null : head.snapshotId();
            SinkKeys keys = context.keys();
            StoredRegistry registry = RegistryCodec.decode(basis.get(keys.registry()));
            registry.relocate(ForeignRemovals.since(table, head, keys, registry.referencedFiles()));

            Set<Long> undoneSequences = undone.stream().map(RegisteredBatch::sequence).collect(Collectors.toSet());
            WrittenFiles written = writeRows(table, undoneSequences);
            writtenTo = table;
            deletes = undone.isEmpty() ? null : UndoDeletes.of(table, head, registry, undone);
            registry.apply(undone, forgotten, registered, written);

            TableCommit commit = TableCommit.to(table).append(written.dataFiles());
            if (deletes != null) {
                commit.delete(deletes);
            }
            if (truncate && real.get(keys.state()) == null) {
                commit.truncateFirst().expectProperty(keys.state(), null);
                LOG.info("Truncating {} before this connector's first write (table.truncate.on.first.write)",
                        context.qualified(name));
            }
            guard.forEach(commit::expectProperty);
            newValues(basis, registry).forEach((key, value) -> setIfChanged(commit, key, real, value,
                    !key.equals(keys.progress())));
            commit.summary(SinkKeys.SUMMARY_CONNECTOR, keys.connector())
                    .summary(SinkKeys.SUMMARY_CHECKED, base == null ? SinkKeys.NO_SNAPSHOT : Long.toString(base))
                    .summary(SinkKeys.SUMMARY_COMMIT_ID, commitId)
                    .summary(SinkKeys.SUMMARY_OFFSETS, offsetsText());
            context.decorate(commit).commit();
            stored(written);
        } catch (CommitStateUnknownException e) {
            CommitOutcome outcome = CommitOutcome.of(table, commitId, base);
            LOG.warn("Table {}: the catalog did not answer whether the commit of a {} happened ({}); it {}",
                    context.qualified(name), header.describe(), e.getMessage(), outcome == CommitOutcome.LANDED ? "did"
                            : outcome == CommitOutcome.NOT_LANDED ? "did not (the unit is retried)" : "cannot be told yet"
                            + " (the retry decides by the stored offsets)");
            if (outcome == CommitOutcome.LANDED) {
                committed = true;
                context.claims().stored(name, partitions());
                context.pending().created(name);
                return;
            }
            outcomeUnknown = outcome == CommitOutcome.UNKNOWN;
            throw StoreErrors.of(e, name, "committing a " + header.describe() + " into " + context.qualified(name));
        } catch (RuntimeException e) {
            throw StoreErrors.of(e, name, "committing a " + header.describe() + " into " + context.qualified(name));
        }
    }

    /**
     * A unit without rows for a table that does not exist: no schema to create it with, so what the unit changes
     * (registry, state, offsets, marks) is kept by this task and committed with the table's first rows. Lost with
     * the task, as are the unit's partition marks (which only this table would have held): a restart resumes before
     * these records and processes them again.
     */
    private void keepPending() {
        StoredRegistry registry = RegistryCodec.decode(view.get(context.keys().registry()));
        registry.apply(undone, forgotten, registered, new WrittenFiles(List.of(), List.of(), Map.of(), 0));
        Map<String, String> next = new HashMap<>(view);
        newValues(view, registry).forEach((key, value) -> {
            if (value == null) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
        });
        context.pending().keep(name, next);
        committed = true;
        LOG.debug("Table {} does not exist yet and this {} writes no rows: its registry, state and offsets wait for the"
                + " table's first rows", context.qualified(name), header.describe());
    }

    /** The property values this unit leaves (null: removed): entries, registry, state, progress. */
    private Map<String, String> newValues(Map<String, String> basis, StoredRegistry registry) {
        SinkKeys keys = context.keys();
        Map<String, String> values = new LinkedHashMap<>();
        for (TopicPartition partition : partitions()) {
            PartitionEntry entry = newEntry(partition);
            if (entry != null) {
                values.put(keys.partition(partition), entry.encode());
            }
        }
        values.put(keys.registry(), registry.entries().isEmpty() ? null : RegistryCodec.encode(registry));
        if (state != null) {
            values.put(keys.state(), TableStateCodec.encode(state));
        } else if (basis.containsKey(keys.state())) {
            values.put(keys.state(), basis.get(keys.state()));
        }
        values.put(keys.progress(), ProgressProperty.of(registry));
        return values;
    }

    /** Creates the table for the first rows, or evolves it, as configured (one schema per write). */
    private Table prepare(Table table) {
        Table prepared = table;
        for (ColumnarBatch batch : writes) {
            try {
                prepared = context.tables().prepare(prepared, name, batch.root().getSchema(), batch.isAmp());
            } catch (IncompatibleTableException e) {
                if (e.isConfiguration()) {
                    throw new StoreException(StoreException.Kind.FATAL, name, e.getMessage(), e);
                }
                throw StoreException.rejectedBatch(name, batch, e.getMessage(), e);
            } catch (UnsupportedColumnException e) {
                throw StoreException.rejectedBatch(name, batch, "table " + context.qualified(name) + ": " + e.getMessage(), e);
            }
        }
        return prepared;
    }

    private void checkGuard(Map<String, String> properties) {
        guard.forEach((key, expected) -> {
            if (!Objects.equals(properties.get(key), expected)) {
                throw new StoreException(StoreException.Kind.FENCED, name, owner + ": property " + key + " changed since"
                        + " this unit began (" + expected + " -> " + properties.get(key) + "); another task owns it now");
            }
        });
    }

    /** Writes the unit's rows into new data files, leaving out the rows of batches this commit undoes. */
    private WrittenFiles writeRows(Table table, Set<Long> undoneSequences) {
        if (writes.isEmpty()) {
            return new WrittenFiles(List.of(), List.of(), Map.of(), 0);
        }
        writer = new ParquetBatchWriter(table, context.targetFileSizeBytes(), context.writeThreads());
        for (ColumnarBatch batch : writes) {
            try {
                writer.write(batch, undoneSequences);
            } catch (RejectedValueException e) {
                String message = "table " + context.qualified(name) + ": " + e.getMessage();
                throw e.row() < 0 ? StoreException.rejectedBatch(name, batch, message, e)
                        : StoreException.rejectedRow(name, batch, e.row(), message, e);
            } catch (UnsupportedColumnException e) {
                throw StoreException.rejectedBatch(name, batch, "table " + context.qualified(name) + ": " + e.getMessage(), e);
            }
        }
        return writer.finish();
    }

    /** The partition's new entry: the table's own offset, the partition mark (raised, never lowered). */
    private PartitionEntry newEntry(TopicPartition partition) {
        PartitionEntry entry = entries.get(partition);
        OffsetCommit offset = header.offsets().get(partition);
        if (entry == null) {
            Long epoch = offset != null ? Long.valueOf(offset.epoch()) : context.claims().epoch(name, partition);
            if (epoch == null) {
                return null;
            }
            entry = new PartitionEntry(epoch, null, null);
        }
        if (offset != null) {
            entry = entry.withNextOffset(offset.nextOffset());
        }
        Long mark = header.partitionMarks().get(partition);
        if (mark != null) {
            entry = entry.withMark(mark);
        }
        return entry;
    }

    private static void setIfChanged(TableCommit commit, String key, Map<String, String> properties, String value,
                                     boolean guarded) {
        String current = properties.get(key);
        if (Objects.equals(current, value)) {
            return;
        }
        if (guarded) {
            commit.expectProperty(key, current);
        }
        if (value == null) {
            commit.removeProperty(key);
        } else {
            commit.setProperty(key, value);
        }
    }

    private String offsetsText() {
        return header.offsets().entrySet().stream()
                .map(e -> e.getKey().topic() + "/" + e.getKey().partition() + "=" + e.getValue().nextOffset())
                .sorted().collect(Collectors.joining(","));
    }

    private void stored(WrittenFiles written) {
        committed = true;
        context.claims().stored(name, partitions());
        context.pending().created(name);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Committed {} into {}: {} data files, {} rows, {} rows deleted", header.describe(),
                    context.qualified(name), written.dataFiles().size(), written.rows(),
                    deletes == null ? 0 : deletes.deletedRows());
        }
    }

    @Override
    public void close() {
        if (!committed && !outcomeUnknown && (writer != null || deletes != null)) {
            // nothing of this attempt is referenced by the table: its files go (an unknown outcome keeps them)
            try {
                if (writer != null) {
                    writer.abort();
                }
                if (deletes != null) {
                    deletes.addedDeletes().forEach(file -> writtenTo.io().deleteFile(file.location()));
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not delete the data files of an uncommitted write into {} ({}); Iceberg's"
                        + " deleteOrphanFiles removes them", context.qualified(name), e.getMessage());
            }
        }
    }
}
