package dev.ampconnect.sink.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;

/**
 * What a user's compaction does to an unpartitioned table (Spark's {@code rewrite_data_files}, in small): every live
 * row (deletes applied) rewritten into one new data file, in reverse order so no row keeps its position, and the old
 * data and delete files replaced in one {@code replace} snapshot.
 */
public final class Compaction {

    private Compaction() {
    }

    /** Rewrites the table; returns the number of data files replaced. */
    public static int rewriteAll(Table table) {
        table.refresh();
        Set<DataFile> oldData = new HashSet<>();
        Set<DeleteFile> oldDeletes = new HashSet<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                oldData.add(task.file());
                oldDeletes.addAll(task.deletes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(record -> rows.add(record.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Collections.reverse(rows);
        OutputFileFactory files = OutputFileFactory.builderFor(table, 99, 0).format(FileFormat.PARQUET)
                .operationId("compaction-" + System.nanoTime()).build();
        DataFile compacted;
        try {
            DataWriter<Record> writer = Parquet.writeData(files.newOutputFile()).forTable(table)
                    .createWriterFunc(GenericParquetWriter::create).overwrite().build();
            try (writer) {
                rows.forEach(writer::write);
            }
            compacted = writer.toDataFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RewriteFiles rewrite = table.newRewrite();
        oldData.forEach(rewrite::deleteFile);
        oldDeletes.forEach(rewrite::deleteFile);
        rewrite.addFile(compacted).commit();
        return oldData.size();
    }
}
