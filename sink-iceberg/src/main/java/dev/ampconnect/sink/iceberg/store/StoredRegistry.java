package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.common.sink.store.RegisteredBatch;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.RowRun;
import dev.ampconnect.sink.iceberg.write.WrittenFiles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A table's batch registry with the data file positions of every batch's rows, as one commit reads and rewrites
 * it (mutable, used by one transaction). Only files some entry still points at are kept.
 */
final class StoredRegistry {

    private final TreeMap<Long, StoredBatch> batches = new TreeMap<>();
    private final Map<String, DataFileRef> files = new LinkedHashMap<>();

    static StoredRegistry empty() {
        return new StoredRegistry();
    }

    /** Every entry, by ascending sequence. */
    Collection<StoredBatch> entries() {
        return batches.values();
    }

    /** The entries as the sink base knows them. */
    List<RegisteredBatch> registeredBatches() {
        List<RegisteredBatch> registered = new ArrayList<>(batches.size());
        batches.values().forEach(entry -> registered.add(entry.batch()));
        return registered;
    }

    StoredBatch get(long sequence) {
        return batches.get(sequence);
    }

    /** A data file the registry points at, or {@code null}. */
    DataFileRef file(String path) {
        return files.get(path);
    }

    /** The files entries point at. */
    Map<String, DataFileRef> files() {
        return files;
    }

    void put(StoredBatch entry) {
        batches.put(entry.sequence(), entry);
    }

    void addFile(DataFileRef file) {
        files.put(file.path(), file);
    }

    void remove(long sequence) {
        batches.remove(sequence);
    }

    /**
     * Inserts or updates the entry of {@code batch}, adding {@code newRuns} to the positions it had. Like the
     * registry key of the other stores ((stream, batch id)), an entry of the same batch id under another sequence is
     * replaced.
     */
    void upsert(RegisteredBatch batch, List<RowRun> newRuns) {
        batches.values().removeIf(entry -> entry.sequence() != batch.sequence() && entry.batch().stream().equals(batch.stream())
                && entry.batch().batchId().equals(batch.batchId()));
        StoredBatch old = batches.get(batch.sequence());
        List<RowRun> runs = new ArrayList<>(old == null ? List.of() : old.runs());
        runs.addAll(newRuns);
        batches.put(batch.sequence(), new StoredBatch(batch, runs, old != null && old.relocated()));
    }

    /** Adds rows written for an entry without a registry change in the same commit (kept with the entry). */
    void addRuns(long sequence, List<RowRun> newRuns) {
        StoredBatch old = batches.get(sequence);
        if (old != null && !newRuns.isEmpty()) {
            List<RowRun> runs = new ArrayList<>(old.runs());
            runs.addAll(newRuns);
            batches.put(sequence, new StoredBatch(old.batch(), runs, old.relocated()));
        }
    }

    /**
     * The registry after a unit: undone and forgotten entries gone, new and updated ones with the positions
     * {@code written} recorded for them.
     */
    void apply(List<RegisteredBatch> undone, List<RegisteredBatch> forgotten, List<RegisteredBatch> registered,
               WrittenFiles written) {
        undone.forEach(batch -> remove(batch.sequence()));
        forgotten.forEach(batch -> remove(batch.sequence()));
        written.refs().forEach(this::addFile);
        Map<Long, List<RowRun>> newRuns = new TreeMap<>(written.runsBySequence());
        for (RegisteredBatch batch : registered) {
            List<RowRun> runs = newRuns.remove(batch.sequence());
            upsert(batch, runs == null ? List.of() : runs);
        }
        newRuns.forEach(this::addRuns);
        dropUnreferencedFiles();
    }

    /**
     * Forgets the positions in files another writer removed (a compaction rewrote them): the affected entries are
     * marked relocated, their rows are found by sequence when they are undone.
     *
     * @return the number of entries marked
     */
    int relocate(Set<String> removedFiles) {
        if (removedFiles.isEmpty()) {
            return 0;
        }
        int marked = 0;
        for (StoredBatch entry : new ArrayList<>(batches.values())) {
            List<RowRun> kept = new ArrayList<>();
            for (RowRun run : entry.runs()) {
                if (!removedFiles.contains(run.file())) {
                    kept.add(run);
                }
            }
            if (kept.size() != entry.runs().size()) {
                batches.put(entry.sequence(), new StoredBatch(entry.batch(), kept, true));
                marked++;
            }
        }
        removedFiles.forEach(files::remove);
        return marked;
    }

    /** The paths of the files some entry points at. */
    Set<String> referencedFiles() {
        Set<String> referenced = new HashSet<>();
        batches.values().forEach(entry -> entry.runs().forEach(run -> referenced.add(run.file())));
        return referenced;
    }

    /** Drops the file references no entry points at any more. */
    void dropUnreferencedFiles() {
        files.keySet().retainAll(referencedFiles());
    }
}
