package dev.ampconnect.sink.iceberg.store;

import dev.ampconnect.sink.iceberg.schema.TableSchemas;
import dev.ampconnect.sink.iceberg.write.DataFileRef;
import dev.ampconnect.sink.iceberg.write.RowRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback when the recorded positions of a batch are void (a compaction rewrote its files): finds the rows of
 * the given batch sequences by their {@value TableSchemas#BATCH_SEQUENCE_COLUMN}. Only the files whose column
 * statistics may hold one of the sequences are opened (Iceberg prunes the others from the manifests), and of those
 * only the sequence column is read, row by row, so each row's position in its file is exact.
 */
final class SequenceLocator {

    private static final Logger LOG = LoggerFactory.getLogger(SequenceLocator.class);

    /** Rows found in one data file. */
    record Found(DataFileRef file, List<RowRun> runs) {
    }

    private SequenceLocator() {
    }

    /** Per data file of {@code snapshot}, the positions of the rows of {@code sequences}. */
    static Map<String, Found> locate(Table table, Snapshot snapshot, Set<Long> sequences) {
        Map<String, Found> found = new HashMap<>();
        if (sequences.isEmpty() || snapshot == null) {
            return found;
        }
        Types.NestedField column = table.schema().findField(TableSchemas.BATCH_SEQUENCE_COLUMN);
        if (column == null) {
            return found;
        }
        Schema projection = new Schema(column);
        Set<String> seen = new HashSet<>();
        long started = System.nanoTime();
        int opened = 0;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot.snapshotId())
                .filter(Expressions.in(TableSchemas.BATCH_SEQUENCE_COLUMN, sequences.toArray())).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                if (!seen.add(file.location())) {
                    continue;
                }
                opened++;
                List<RowRun> runs = scan(table, file, projection, sequences);
                if (!runs.isEmpty()) {
                    found.put(file.location(), new Found(DataFileRef.of(file, table), runs));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot plan the files of " + table.name(), e);
        }
        LOG.info("Table {}: located the rows of {} relocated batches by {} in {} of the table's files ({} ms)",
                table.name(), sequences.size(), TableSchemas.BATCH_SEQUENCE_COLUMN, opened,
                (System.nanoTime() - started) / 1_000_000);
        return found;
    }

    private static List<RowRun> scan(Table table, DataFile file, Schema projection, Set<Long> sequences) {
        List<RowRun> runs = new ArrayList<>();
        long first = -1;
        long count = 0;
        long position = 0;
        // no filter pushed down: every row is read, so the row index is the row's position in the file
        try (CloseableIterable<Record> rows = Parquet.read(table.io().newInputFile(file.location())).project(projection)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
                .reuseContainers().build()) {
            for (Record row : rows) {
                Object sequence = row.get(0);
                if (sequence != null && sequences.contains((Long) sequence)) {
                    if (count > 0 && first + count == position) {
                        count++;
                    } else {
                        if (count > 0) {
                            runs.add(new RowRun(file.location(), first, count));
                        }
                        first = position;
                        count = 1;
                    }
                }
                position++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.location(), e);
        }
        if (count > 0) {
            runs.add(new RowRun(file.location(), first, count));
        }
        return runs;
    }
}
