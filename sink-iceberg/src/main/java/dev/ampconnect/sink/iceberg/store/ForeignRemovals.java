package dev.ampconnect.sink.iceberg.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotChanges;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which data files of the registry another writer removed since this connector last checked (a compaction rewrote
 * them, a user deleted rows): their recorded positions are void. Every data commit of the sink records the snapshot
 * it checked ({@link SinkKeys#SUMMARY_CHECKED}); walking back from the head, only the foreign snapshots after that
 * one are read, and only their removed-file manifests. In the normal case the head is the sink's own commit and
 * nothing is read at all. When the walk cannot reach the last checked snapshot (it was expired), the registry's
 * files are compared with the head's live data files instead (a read of the data manifests, no data files).
 */
final class ForeignRemovals {

    private static final Logger LOG = LoggerFactory.getLogger(ForeignRemovals.class);

    private ForeignRemovals() {
    }

    /**
     * The registry files no longer live at {@code head}.
     *
     * @param registryFiles the files the registry points at (nothing is read when it is empty)
     */
    static Set<String> since(Table table, Snapshot head, SinkKeys keys, Set<String> registryFiles) {
        Set<String> removed = new HashSet<>();
        if (registryFiles.isEmpty() || head == null) {
            return removed;
        }
        Long stopAt = null;
        Snapshot snapshot = head;
        while (true) {
            if (stopAt != null && snapshot.snapshotId() == stopAt) {
                break;
            }
            Map<String, String> summary = snapshot.summary();
            String checked = keys.isOurs(snapshot) && summary != null ? summary.get(SinkKeys.SUMMARY_CHECKED) : null;
            if (stopAt == null && checked != null) {
                // the sink's last data commit checked everything up to `checked`; only snapshots between are new
                if (checked.equals(SinkKeys.NO_SNAPSHOT)) {
                    break;
                }
                stopAt = Long.parseLong(checked);
            } else if (!keys.isOurs(snapshot) && removesFiles(snapshot)) {
                // read with the table's specs (Snapshot.removedDataFiles would read them from each manifest's metadata)
                for (DataFile file : SnapshotChanges.builderFor(table).snapshot(snapshot).build().removedDataFiles()) {
                    if (registryFiles.contains(file.location())) {
                        removed.add(file.location());
                    }
                }
            }
            Long parent = snapshot.parentId();
            if (parent == null) {
                break;
            }
            Snapshot next = table.snapshot(parent);
            if (next == null) {
                LOG.info("Table {}: the snapshots since this sink last checked its registry were expired; comparing the"
                        + " registry's {} files with the live data files instead", table.name(), registryFiles.size());
                return notLive(table, head, registryFiles);
            }
            snapshot = next;
        }
        if (!removed.isEmpty()) {
            LOG.info("Table {}: another writer removed {} data files the registry points at (compaction?); the batches"
                    + " in them will be found by _amp_batch_seq when invalidated", table.name(), removed.size());
        }
        return removed;
    }

    private static boolean removesFiles(Snapshot snapshot) {
        return !DataOperations.APPEND.equals(snapshot.operation());
    }

    private static Set<String> notLive(Table table, Snapshot head, Set<String> registryFiles) {
        Set<String> missing = new HashSet<>(registryFiles);
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(head.snapshotId()).planFiles()) {
            for (FileScanTask task : tasks) {
                missing.remove(task.file().location());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the data files of " + table.name(), e);
        }
        return missing;
    }
}
