package dev.ampconnect.sink.iceberg.write;

import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;

/**
 * What deleting rows changes in a table, for one commit: delete files to add (position deletes on format 2,
 * deletion vectors on format 3), delete files they replace (a data file's previous deletion vector, merged into
 * the new one; the delete files of a removed data file), and data files removed because none of their rows is
 * left.
 *
 * @param addedDeletes         new delete files
 * @param removedDeletes       delete files to remove in the same commit
 * @param removedDataFiles     data files to remove in the same commit
 * @param referencedDataFiles  the data files the added delete files point at, which the commit requires to still exist
 *                             (removed files are checked as removals)
 * @param deletedRows          rows deleted by this change (rows of removed files included)
 * @param baseSnapshotId       the snapshot the change was computed against (its existing deletes were read there), or
 *                             {@code null} for a table without snapshots; the commit validates every later snapshot
 *                             against it (a file removed or rewritten since then fails the commit)
 */
public record RowDeletes(List<DeleteFile> addedDeletes, List<DeleteFile> removedDeletes, List<DataFile> removedDataFiles,
                         Set<String> referencedDataFiles, long deletedRows, Long baseSnapshotId) {

    public RowDeletes {
        addedDeletes = List.copyOf(addedDeletes);
        removedDeletes = List.copyOf(removedDeletes);
        removedDataFiles = List.copyOf(removedDataFiles);
        referencedDataFiles = Set.copyOf(referencedDataFiles);
    }

    /** Whether the change does nothing. */
    public boolean isEmpty() {
        return addedDeletes.isEmpty() && removedDeletes.isEmpty() && removedDataFiles.isEmpty();
    }
}
