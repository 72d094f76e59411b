package dev.ampconnect.sink.iceberg.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.deletes.BaseDVFileWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.util.ContentFileUtil;

/**
 * Turns rows to delete ({@link FileDeletion}s: data file + positions, as the registry recorded them) into delete
 * files without reading the table's data: one file-scoped position delete file per data file on format 2, one
 * deletion vector per data file on format 3 (merged with the file's previous vector, which the commit removes),
 * and a data file none of whose rows survive is removed instead (with its delete files). Reads only the current
 * snapshot's delete manifests and the existing deletes of the touched files. Nothing is committed here.
 */
public final class RowDeleteWriter {

    private RowDeleteWriter() {
    }

    /** The delete files and removals for {@code deletions} against {@code table}'s current snapshot. */
    public static RowDeletes write(Table table, Collection<FileDeletion> deletions) {
        Map<String, FileDeletion> byPath = new HashMap<>();
        for (FileDeletion deletion : deletions) {
            if (!deletion.rows().isEmpty() && byPath.put(deletion.file().path(), deletion) != null) {
                throw new IllegalArgumentException("data file " + deletion.file().path() + " listed twice");
            }
        }
        List<DeleteFile> added = new ArrayList<>();
        List<DeleteFile> removed = new ArrayList<>();
        List<DataFile> removedData = new ArrayList<>();
        if (byPath.isEmpty()) {
            return new RowDeletes(added, removed, removedData, Set.of(), 0, snapshotId(table));
        }
        Map<String, List<DeleteFile>> existing = existingDeletes(table, byPath.keySet());
        BaseDeleteLoader loader = new BaseDeleteLoader(file -> table.io().newInputFile(file));
        Map<String, PositionDeleteIndex> previous = new HashMap<>();
        List<FileDeletion> partial = new ArrayList<>();
        long deletedRows = 0;
        for (FileDeletion deletion : byPath.values()) {
            String path = deletion.file().path();
            List<DeleteFile> current = existing.getOrDefault(path, List.of());
            PositionDeleteIndex before = current.isEmpty() ? null : loader.loadPositionDeletes(current, path);
            long newlyDeleted = countNew(deletion, before);
            long alreadyDeleted = before == null ? 0 : before.cardinality();
            if (alreadyDeleted + newlyDeleted >= deletion.file().recordCount()) {
                // nothing survives: drop the whole file (and the deletes that pointed at it)
                removedData.add(deletion.file().toDataFile(table));
                removed.addAll(current);
                deletedRows += deletion.file().recordCount() - alreadyDeleted;
            } else {
                if (before != null) {
                    previous.put(path, before);
                }
                partial.add(deletion);
                deletedRows += newlyDeleted;
            }
        }
        OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 0).format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString()).suffix("deletes").build();
        if (!partial.isEmpty()) {
            if (TableUtil.formatVersion(table) >= 3) {
                writeDeletionVectors(table, files, partial, previous, added, removed);
            } else {
                for (FileDeletion deletion : partial) {
                    added.add(writePositionDeletes(table, files, deletion));
                }
            }
        }
        Set<String> referenced = new HashSet<>();
        partial.forEach(deletion -> referenced.add(deletion.file().path()));
        return new RowDeletes(added, removed, removedData, referenced, deletedRows, snapshotId(table));
    }

    private static Long snapshotId(Table table) {
        Snapshot snapshot = table.currentSnapshot();
        return snapshot == null ? null : snapshot.snapshotId();
    }

    private static long countNew(FileDeletion deletion, PositionDeleteIndex before) {
        long count = 0;
        for (RowRun run : sorted(deletion.rows())) {
            for (long pos = run.firstPosition(); pos < run.endPosition(); pos++) {
                if (before == null || !before.isDeleted(pos)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void writeDeletionVectors(Table table, OutputFileFactory files, List<FileDeletion> deletions,
                                             Map<String, PositionDeleteIndex> previous, List<DeleteFile> added,
                                             List<DeleteFile> removed) {
        BaseDVFileWriter writer = new BaseDVFileWriter(files, previous::get);
        try (writer) {
            for (FileDeletion deletion : deletions) {
                PartitionSpec spec = deletion.file().spec(table);
                StructLike partition = deletion.file().toDataFile(table).partition();
                for (RowRun run : deletion.rows()) {
                    for (long pos = run.firstPosition(); pos < run.endPosition(); pos++) {
                        writer.delete(deletion.file().path(), pos, spec, partition);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write deletion vectors for " + table.name(), e);
        }
        added.addAll(writer.result().deleteFiles());
        removed.addAll(writer.result().rewrittenDeleteFiles());
    }

    private static DeleteFile writePositionDeletes(Table table, OutputFileFactory files, FileDeletion deletion) {
        PartitionSpec spec = deletion.file().spec(table);
        StructLike partition = deletion.file().toDataFile(table).partition();
        EncryptedOutputFile output = spec.isUnpartitioned() ? files.newOutputFile() : files.newOutputFile(spec, partition);
        PositionDelete<Void> delete = PositionDelete.create();
        try {
            // not forTable(table): that would make it a delete file carrying whole rows, which Iceberg 1.12 refuses
            PositionDeleteWriter<Void> writer = Parquet.writeDeletes(output).setAll(table.properties())
                    .metricsConfig(MetricsConfig.forPositionDelete()).withSpec(spec)
                    .withPartition(spec.isUnpartitioned() ? null : partition).overwrite().buildPositionWriter();
            try (writer) {
                // position delete files must be sorted by (file, position); one data file per delete file
                for (RowRun run : sorted(deletion.rows())) {
                    for (long pos = run.firstPosition(); pos < run.endPosition(); pos++) {
                        writer.write(delete.set(deletion.file().path(), pos));
                    }
                }
            }
            return writer.toDeleteFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write position deletes for " + deletion.file().path(), e);
        }
    }

    private static List<RowRun> sorted(List<RowRun> runs) {
        List<RowRun> copy = new ArrayList<>(runs);
        copy.sort((a, b) -> Long.compare(a.firstPosition(), b.firstPosition()));
        return copy;
    }

    /**
     * The current snapshot's delete files that point at one of {@code paths} (deletion vectors and file-scoped
     * position deletes), read from its delete manifests only.
     */
    static Map<String, List<DeleteFile>> existingDeletes(Table table, Set<String> paths) {
        Map<String, List<DeleteFile>> found = new HashMap<>();
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return found;
        }
        Set<String> seen = new HashSet<>();
        for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
            try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                for (DeleteFile file : reader) {
                    String target = ContentFileUtil.referencedDataFileLocation(file);
                    if (target != null && paths.contains(target) && seen.add(file.location())) {
                        found.computeIfAbsent(target, t -> new ArrayList<>()).add(file.copyWithoutStats());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read delete manifest " + manifest.path(), e);
            }
        }
        return found;
    }
}
