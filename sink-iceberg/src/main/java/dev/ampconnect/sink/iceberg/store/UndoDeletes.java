package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.FileDeletion;
import dev.ampconnect.sink.iceberg.write.RowDeleteWriter;
import dev.ampconnect.sink.iceberg.write.RowDeletes;
import dev.ampconnect.sink.iceberg.write.RowRun;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * The deletes that undo stored batches (an invalidation): the recorded positions of their rows become position
 * deletes (format 2) or deletion vectors (format 3), fully deleted files are removed ({@link RowDeleteWriter});
 * no data file is read. Batches whose files a compaction rewrote ({@link StoredBatch#relocated()}) are found by
 * sequence instead ({@link SequenceLocator}).
 */
final class UndoDeletes {

    private UndoDeletes() {
    }

    static RowDeletes of(Table table, Snapshot head, StoredRegistry registry, Collection<RegisteredBatch> undone) {
        Map<String, List<RowRun>> runsByFile = new HashMap<>();
        Map<String, DataFileRef> files = new HashMap<>();
        Set<Long> bySequence = new HashSet<>();
        for (RegisteredBatch batch : undone) {
            StoredBatch entry = registry.get(batch.sequence());
            if (entry == null) {
                // nothing stored of it (its rows, if any, were in this very unit and are not written)
                continue;
            }
            if (entry.relocated()) {
                bySequence.add(entry.sequence());
            }
            for (RowRun run : entry.runs()) {
                DataFileRef file = registry.file(run.file());
                if (file == null) {
                    throw new IllegalStateException("registry entry " + entry.sequence() + " of " + table.name()
                            + " points at " + run.file() + ", which the registry does not list");
                }
                files.put(file.path(), file);
                runsByFile.computeIfAbsent(file.path(), p -> new ArrayList<>()).add(run);
            }
        }
        SequenceLocator.locate(table, head, bySequence).forEach((path, found) -> {
            files.putIfAbsent(path, found.file());
            runsByFile.computeIfAbsent(path, p -> new ArrayList<>()).addAll(found.runs());
        });
        List<FileDeletion> deletions = new ArrayList<>();
        runsByFile.forEach((path, runs) -> deletions.add(new FileDeletion(files.get(path), disjoint(runs))));
        return RowDeleteWriter.write(table, deletions);
    }

    /** The runs sorted and merged, so no position is listed twice. */
    static List<RowRun> disjoint(List<RowRun> runs) {
        List<RowRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong(RowRun::firstPosition));
        List<RowRun> merged = new ArrayList<>();
        RowRun current = null;
        for (RowRun run : sorted) {
            if (current != null && run.firstPosition() <= current.endPosition()) {
                long end = Math.max(current.endPosition(), run.endPosition());
                current = new RowRun(current.file(), current.firstPosition(), end - current.firstPosition());
            } else {
                if (current != null) {
                    merged.add(current);
                }
                current = run;
            }
        }
        if (current != null) {
            merged.add(current);
        }
        return merged;
    }
}
