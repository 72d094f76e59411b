package dev.ampconnect.sink.clickhouse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.store.OffsetCommit;
import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.common.sink.store.StoreException;
import dev.ampconnect.common.sink.store.StoreTransaction;
import dev.ampconnect.common.sink.store.TableState;
import dev.ampconnect.common.sink.store.UnitHeader;
import dev.ampconnect.common.sink.store.UnitIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One unit of one partition in the IDEMPOTENT commit scope (docs/ARCHITECTURE.md "Commit scopes"). Every step is
 * visible at once and safe to repeat:
 * <ol>
 *   <li>begin: the unit's intent is appended to the log, then the owner check and the offset compare
 *       ({@link ChPartitionLog#begin}); a unit whose offset is already stored is reported applied;</li>
 *   <li>write: one INSERT per batch carrying the unit's dedup token (a repeat is dropped by the table);</li>
 *   <li>undo: lightweight DELETE of whole batches by sequence (a repeat deletes nothing more);</li>
 *   <li>forget, register, state: kept in memory for the marker;</li>
 *   <li>commit: the commit marker, ONE single-block INSERT into the log of the partition's new offset and every
 *       table's registry changes and state, all with one new version: they become visible together, last.</li>
 * </ol>
 * The owner check runs in begin (after the intent; it is also the check of the unit's first step) and before every
 * later step that touches a table. The commit needs none of its own: a unit that passed begin's check either had its
 * intent seen by any later claim (the new owner re-forms exactly this unit and commits the same marker at a higher
 * version, which every reader takes instead) or ran before any claim; either way this marker is true, and one that
 * lands late changes nothing a reader takes (sink-clickhouse/README.md "Fencing"). So a unit of one write costs three
 * small requests besides its INSERT: intent, owner check, marker.
 */
final class ChIdempotentTransaction implements StoreTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(ChIdempotentTransaction.class);
    /** Commit markers between two deletions of superseded log rows of a partition. */
    static final int COMPACT_EVERY = 128;

    private final ChStateLog log;
    private final ChPartitionLog partitions;
    private final ChTableLog tables;
    private final ChTableWriter writer;
    private final UnitHeader header;
    private final UnitIdentity unit;
    private final ChGeneration generation;
    private final OffsetCommit commit;
    private final boolean alreadyApplied;
    private final Map<String, ChTableLog.Changes> changes = new LinkedHashMap<>();
    /** Whether the last owner check (begin's) was not followed by a step yet: the next step needs no other one. */
    private boolean checkedForNextStep = true;

    ChIdempotentTransaction(ChStateLog log, ChPartitionLog partitions, ChTableLog tables, ChTableWriter writer,
                            ChGeneration generation, UnitHeader header) {
        this.log = log;
        this.partitions = partitions;
        this.tables = tables;
        this.writer = writer;
        this.header = header;
        this.unit = header.identity();
        this.generation = generation;
        this.commit = header.offsets().get(unit.partition());
        try {
            this.alreadyApplied = partitions.begin(generation, unit, commit);
        } catch (RuntimeException e) {
            throw ChErrors.of(e, null, "beginning " + header.describe());
        }
        if (alreadyApplied) {
            LOG.info("The store already holds the offsets of this {} (an earlier attempt wrote it)", header.describe());
        }
    }

    private ChTableLog.Changes changes(String table) {
        return changes.computeIfAbsent(table, t -> new ChTableLog.Changes());
    }

    /** The owner check before a step that touches a table (begin's check covers the first step). */
    private void checkOwner(String step) {
        if (checkedForNextStep) {
            checkedForNextStep = false;
            return;
        }
        try {
            partitions.owned(generation);
        } catch (RuntimeException e) {
            throw ChErrors.of(e, null, "checking the owner of " + unit.partition() + " before " + step);
        }
    }

    @Override
    public boolean alreadyApplied() {
        return alreadyApplied;
    }

    @Override
    public void truncate(String table) {
        throw new StoreException(StoreException.Kind.FATAL, table, "table.truncate.on.first.write is not supported by the"
                + " ClickHouse sink: it writes without transactions, so nothing could tie the truncation to the first rows");
    }

    @Override
    public void write(String table, ColumnarBatch batch, String dedupToken) {
        checkOwner("writing " + table);
        writer.write(table, batch, dedupToken);
    }

    @Override
    public void undo(String table, List<RegisteredBatch> batches) {
        checkOwner("deleting batches of " + table);
        writer.undo(table, batches);
        changes(table).removed.addAll(batches);
    }

    @Override
    public void forget(String table, List<RegisteredBatch> batches) {
        // append tables keep the rows of pruned batches: only their registry entries go, with the marker
        changes(table).removed.addAll(batches);
    }

    @Override
    public void register(String table, List<RegisteredBatch> batches) {
        changes(table).registered.addAll(batches);
    }

    @Override
    public void state(String table, TableState state) {
        changes(table).state = state;
    }

    @Override
    public void commit() {
        Map<String, ChVersion> snapshots = new LinkedHashMap<>();
        ChVersion version;
        try {
            // no owner check here (class comment): begin's check, after the intent, is what fences this unit
            version = generation.nextVersion();
            List<ObjectNode> marker = new ArrayList<>();
            marker.add(partitions.offsetRow(generation, version, unit, commit.nextOffset()));
            Map<String, Integer> rowsPerTable = new LinkedHashMap<>();
            for (Map.Entry<String, ChTableLog.Changes> entry : changes.entrySet()) {
                String table = entry.getKey();
                List<ObjectNode> rows = List.of();
                if (tables.snapshotDue(table)) {
                    rows = tables.snapshotRows(table, generation, version, entry.getValue());
                    if (!rows.isEmpty()) {
                        snapshots.put(table, version);
                    }
                }
                if (rows.isEmpty() && !entry.getValue().isEmpty()) {
                    rows = tables.changeRows(table, generation, version, entry.getValue());
                }
                marker.addAll(rows);
                rowsPerTable.put(table, rows.size());
            }
            log.append(marker);
            log.client().stats().unitCommitted();
            rowsPerTable.forEach((table, rows) -> tables.stored(table, rows, snapshots.containsKey(table)));
        } catch (RuntimeException e) {
            throw ChErrors.of(e, null, "committing " + header.describe());
        }
        if (!snapshots.isEmpty() || generation.committed(COMPACT_EVERY)) {
            compact(version, snapshots);
        }
    }

    /** Deletes log rows superseded by this marker, if this task still owns the partition; a failure only waits. */
    private void compact(ChVersion version, Map<String, ChVersion> snapshots) {
        try {
            partitions.owned(generation);
            partitions.compact(generation, version);
            snapshots.forEach(tables::compact);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete superseded rows of {} after a commit of {} (they are ignored by readers; retried"
                    + " after a later commit): {}", log.qualified(), unit.partition(), e.getMessage());
        }
    }

    @Override
    public void close() {
        // every step is stored on its own
    }
}
