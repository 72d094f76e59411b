package dev.ampconnect.sink.iceberg.commit;

import dev.ampconnect.sink.iceberg.write.RowDeletes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.Transactions;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.expressions.Expressions;

/**
 * One atomic Iceberg commit of one table: new data files, row deletes ({@link RowDeletes}), snapshot summary
 * entries and table property changes, all visible together or not at all, optionally guarded by expected table
 * property values (the compare-and-set of an epoch).
 *
 * <p>How the guard holds: the expected values are checked on freshly loaded metadata before the commit is
 * built, and again on every metadata version Iceberg's transaction retry refreshes to
 * ({@link GuardedTableOperations}). Every commit adds a snapshot, even one without files, so it always
 * carries the catalog-side requirement that the branch head is still the snapshot it was built on (a REST
 * catalog's {@code assert-ref-snapshot-id}; JDBC and file catalogs swap whole metadata versions). As long as
 * every change of a guarded property is made through this class, a guarded property therefore never changes
 * without the head moving, and a commit built on a stale head fails in the catalog, refreshes, and meets the
 * guard: a zombie's commit is refused, never applied over the newer epoch.
 */
public final class TableCommit {

    private final Table table;
    private final List<DataFile> dataFiles = new ArrayList<>();
    private final Map<String, String> summary = new LinkedHashMap<>();
    private final Map<String, String> setProperties = new LinkedHashMap<>();
    private final Set<String> removeProperties = new LinkedHashSet<>();
    private final Map<String, String> expected = new LinkedHashMap<>();
    private RowDeletes deletes;
    private boolean truncateFirst;
    private Runnable beforeCommit = () -> { };
    private Runnable afterCommit = () -> { };

    private TableCommit(Table table) {
        this.table = table;
    }

    /** A commit to {@code table} (a {@link HasTableOperations} table, as every catalog's are). */
    public static TableCommit to(Table table) {
        if (!(table instanceof HasTableOperations)) {
            throw new IllegalArgumentException("table " + table.name() + " exposes no table operations");
        }
        return new TableCommit(table);
    }

    /** Appends data files written for this commit. */
    public TableCommit append(Collection<DataFile> files) {
        dataFiles.addAll(files);
        return this;
    }

    /** Applies row deletes written for this commit. */
    public TableCommit delete(RowDeletes rowDeletes) {
        if (deletes != null) {
            throw new IllegalStateException("one RowDeletes per commit");
        }
        this.deletes = rowDeletes;
        return this;
    }

    /**
     * Removes every data file the table holds before this commit's own files are added, in the same commit
     * (table.truncate.on.first.write).
     */
    public TableCommit truncateFirst() {
        this.truncateFirst = true;
        return this;
    }

    /** Adds a snapshot summary entry (kept while the snapshot is; see the README on expiration). */
    public TableCommit summary(String key, String value) {
        summary.put(key, value);
        return this;
    }

    /** Sets a table property in the same commit. */
    public TableCommit setProperty(String key, String value) {
        removeProperties.remove(key);
        setProperties.put(key, value);
        return this;
    }

    /** Removes a table property in the same commit. */
    public TableCommit removeProperty(String key) {
        setProperties.remove(key);
        removeProperties.add(key);
        return this;
    }

    /** Commits only while property {@code key} has {@code value} ({@code null}: is absent). */
    public TableCommit expectProperty(String key, String value) {
        expected.put(key, value);
        return this;
    }

    /** Runs {@code hook} after the commit is built and before it is sent (tests play a racing task there). */
    TableCommit beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
        return this;
    }

    /** Runs {@code hook} once the catalog accepted the commit (tests lose the reply there). */
    TableCommit afterCommit(Runnable hook) {
        this.afterCommit = hook;
        return this;
    }

    /**
     * Commits and returns the new snapshot.
     *
     * @throws FencedCommitException when an expected property value no longer holds; nothing is visible
     * @throws org.apache.iceberg.exceptions.ValidationException when a data file the deletes point at was
     *         removed concurrently (e.g. by compaction); nothing is visible
     * @throws org.apache.iceberg.exceptions.CommitStateUnknownException when the catalog did not answer whether
     *         the commit happened (the caller reloads the table to find out)
     */
    public Snapshot commit() {
        TableOperations operations = ((HasTableOperations) table).operations();
        PropertyGuard guard = new PropertyGuard(table.name(),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expected)));
        TableMetadata base = operations.refresh();
        guard.check(base);
        Transaction transaction = Transactions.newTransaction(table.name(), new GuardedTableOperations(operations, guard));
        if (truncateFirst && base.currentSnapshot() != null) {
            transaction.newDelete().deleteFromRowFilter(Expressions.alwaysTrue()).commit();
        }
        SnapshotUpdate<?> update = deletes == null || deletes.isEmpty() ? append(transaction) : rowDelta(transaction);
        summary.forEach(update::set);
        update.commit();
        if (!setProperties.isEmpty() || !removeProperties.isEmpty()) {
            UpdateProperties properties = transaction.updateProperties();
            setProperties.forEach(properties::set);
            removeProperties.forEach(properties::remove);
            properties.commit();
        }
        beforeCommit.run();
        transaction.commitTransaction();
        afterCommit.run();
        table.refresh();
        return transaction.table().currentSnapshot();
    }

    private AppendFiles append(Transaction transaction) {
        AppendFiles append = transaction.newFastAppend();
        dataFiles.forEach(append::appendFile);
        return append;
    }

    private RowDelta rowDelta(Transaction transaction) {
        RowDelta delta = transaction.newRowDelta();
        dataFiles.forEach(delta::addRows);
        deletes.addedDeletes().forEach(delta::addDeletes);
        deletes.removedDeletes().forEach(delta::removeDeletes);
        deletes.removedDataFiles().forEach(delta::removeRows);
        if (deletes.baseSnapshotId() != null) {
            // from the snapshot the deletes were computed on, not a newer one this commit was refreshed to
            delta.validateFromSnapshot(deletes.baseSnapshotId());
        }
        // a file compacted away meanwhile must fail the commit, not leave deletes pointing at nothing
        delta.validateDataFilesExist(deletes.referencedDataFiles()).validateDeletedFiles();
        return delta;
    }
}
