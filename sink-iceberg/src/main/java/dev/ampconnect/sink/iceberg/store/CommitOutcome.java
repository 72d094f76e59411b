package dev.ampconnect.sink.iceberg.store;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Whether a commit whose answer was lost ({@code CommitStateUnknownException}) landed: the table is reloaded and the
 * snapshots since the commit's base are searched for its unique {@link SinkKeys#SUMMARY_COMMIT_ID}.
 */
enum CommitOutcome {
    /** The commit is in the table. */
    LANDED,
    /** The table is readable and the commit is not in it. */
    NOT_LANDED,
    /** The table could not be read either: nobody knows yet (the retry decides by the stored offsets). */
    UNKNOWN;

    /** Snapshots searched back from the head; more foreign commits than this in the meantime is not plausible. */
    private static final int MAX_SNAPSHOTS = 100;

    static CommitOutcome of(Table table, String commitId, Long baseSnapshotId) {
        try {
            table.refresh();
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return NOT_LANDED;
        }
        for (int i = 0; i < MAX_SNAPSHOTS; i++) {
            if (snapshot.summary() != null && commitId.equals(snapshot.summary().get(SinkKeys.SUMMARY_COMMIT_ID))) {
                return LANDED;
            }
            if (baseSnapshotId != null && snapshot.snapshotId() == baseSnapshotId) {
                return NOT_LANDED;
            }
            if (snapshot.parentId() == null) {
                return NOT_LANDED;
            }
            snapshot = table.snapshot(snapshot.parentId());
            if (snapshot == null) {
                return UNKNOWN;
            }
        }
        return UNKNOWN;
    }
}
