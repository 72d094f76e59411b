package dev.ampconnect.sink.iceberg.write;

import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Writes batches into new Parquet data files of one table (nothing is committed here): rows are routed to
 * their partition's file, a file is closed and a new one started once it reaches the target size, and for
 * every microbatch the writer records which file and row positions its rows went to ({@link RowRun}), so an
 * invalidation can delete exactly those positions later. A batch of many rows is written in contiguous row ranges on
 * several threads ({@link WriteThreads}), each range into files of its own, so the positions stay exact per file.
 * Files of one batch are closed when it is written;
 * {@link #finish()} returns everything written, {@link #abort()} deletes it.
 */
public final class ParquetBatchWriter {

    /** Rows between file-size checks (Iceberg's rolling writers check as often). */
    private static final int SIZE_CHECK_ROWS = 1000;

    private final Table table;
    private final Schema schema;
    private final PartitionSpec spec;
    private final long targetFileSizeBytes;
    private final OutputFileFactory files;
    private final List<DataFile> written = new ArrayList<>();
    private final List<DataFileRef> refs = new ArrayList<>();
    private final Map<Long, List<RowRun>> runs = new LinkedHashMap<>();
    private final WriteThreads threads;
    private long rows;

    /**
     * @param table               the table, refreshed to the schema the batches are written with
     * @param targetFileSizeBytes roll to a new file beyond about this size
     */
    public ParquetBatchWriter(Table table, long targetFileSizeBytes) {
        this(table, targetFileSizeBytes, WriteThreads.single());
    }

    /**
     * @param table               the table, refreshed to the schema the batches are written with
     * @param targetFileSizeBytes roll to a new file beyond about this size
     * @param threads             the threads a large batch's row ranges are written on, each into files of its own
     */
    public ParquetBatchWriter(Table table, long targetFileSizeBytes, WriteThreads threads) {
        this.threads = threads;
        this.table = table;
        this.schema = table.schema();
        this.spec = table.spec();
        this.targetFileSizeBytes = targetFileSizeBytes;
        // a random operation id keeps file names unique across tasks, restarts and zombies
        this.files = OutputFileFactory.builderFor(table, 1, 0).format(FileFormat.PARQUET)
                .operationId(UUID.randomUUID().toString()).build();
    }

    /** Writes a columnar batch: amp rows with their slices' sequences, plain rows without. */
    public void write(ColumnarBatch batch) {
        write(batch, Set.of());
    }

    /**
     * Writes a columnar batch except the rows of microbatches in {@code skippedSequences} (batches the same commit
     * undoes: their rows are never written, so no delete has to point at them).
     */
    public void write(ColumnarBatch batch, Set<Long> skippedSequences) {
        write(batch.root(), batch.isAmp() ? batch.slices() : List.of(), skippedSequences);
    }

    /**
     * Writes every row of {@code root}; rows covered by {@code slices} carry the slice's sequence.
     *
     * @throws RejectedValueException naming the column and row of a value the table cannot hold
     */
    public void write(VectorSchemaRoot root, List<BatchSlice> slices) {
        write(root, slices, Set.of());
    }

    private void write(VectorSchemaRoot root, List<BatchSlice> slices, Set<Long> skippedSequences) {
        List<RangeWrite> ranges = new ArrayList<>();
        // the lowest range that failed: later ranges stop, earlier ones go on (one may hold an earlier bad row)
        AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
        for (int[] range : threads.split(root.getRowCount())) {
            ranges.add(new RangeWrite(ranges.size(), root, slices, skippedSequences, range[0], range[1], firstFailed));
        }
        List<Future<?>> helpers = new ArrayList<>();
        for (int i = 0; i < ranges.size() - 1; i++) {
            helpers.add(threads.submit(ranges.get(i)));
        }
        RangeWrite last = ranges.get(ranges.size() - 1);
        try {
            last.run();
        } catch (RuntimeException | Error e) {
            // recorded as last.failure
        }
        boolean interrupted = awaitAll(helpers, firstFailed);
        Throwable failure = interrupted ? new IllegalStateException("interrupted while the write threads wrote "
                + table.name() + "; the stopped ranges' files are deleted with the write") : null;
        for (RangeWrite range : ranges) {
            // closed files of a failed write stay listed, so abort() deletes them
            written.addAll(range.closed);
            refs.addAll(range.closedRefs);
            if (failure == null) {
                failure = range.failure;
            }
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        for (RangeWrite range : ranges) {
            range.runs.forEach((sequence, sequenceRuns) -> runs.computeIfAbsent(sequence, s -> new ArrayList<>())
                    .addAll(sequenceRuns));
            rows += range.rowsWritten;
        }
    }

    /**
     * Waits for every helper's range; an interrupt stops the ranges, but they still end before this returns (with
     * the thread's interrupt status set again and true).
     */
    private static boolean awaitAll(List<Future<?>> helpers, AtomicInteger firstFailed) {
        boolean interrupted = false;
        for (Future<?> helper : helpers) {
            while (true) {
                try {
                    helper.get();
                    break;
                } catch (InterruptedException e) {
                    // the ranges read the caller's vectors: returning before they end would free memory they read
                    interrupted = true;
                    firstFailed.set(-1);
                } catch (ExecutionException e) {
                    // the range recorded its failure before throwing it (RangeWrite.failure)
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return interrupted;
    }

    /** Everything written so far. */
    public WrittenFiles finish() {
        return new WrittenFiles(written, refs, runs, rows);
    }

    /** Deletes every file written so far (nothing of them was committed). */
    public void abort() {
        for (DataFile file : written) {
            table.io().deleteFile(file.location());
        }
        written.clear();
        refs.clear();
        runs.clear();
    }

    private OpenFile newFile(VectorSchemaRoot root, StructLike partition) {
        EncryptedOutputFile output = partition == null ? files.newOutputFile() : files.newOutputFile(spec, partition);
        try {
            DataWriter<RowCursor> writer = Parquet.writeData(output).forTable(table).withSpec(spec)
                    .withPartition(partition)
                    .createWriterFunc(type -> ArrowParquetRowWriter.create(schema, type, root))
                    .overwrite().build();
            return new OpenFile(writer, output.encryptingOutputFile().location());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data file " + output.encryptingOutputFile().location(), e);
        }
    }

    /**
     * The rows {@code [from, to)} of a batch, written into files of their own (one per partition, rolled at the target
     * size). It records its failure before throwing it, and stops early once an earlier range failed.
     */
    private final class RangeWrite implements Runnable {
        private final VectorSchemaRoot root;
        private final List<BatchSlice> slices;
        private final Set<Long> skippedSequences;
        private final int index;
        private final int from;
        private final int to;
        private final AtomicInteger firstFailed;
        final List<DataFile> closed = new ArrayList<>();
        final List<DataFileRef> closedRefs = new ArrayList<>();
        final Map<Long, List<RowRun>> runs = new LinkedHashMap<>();
        long rowsWritten;
        Throwable failure;

        RangeWrite(int index, VectorSchemaRoot root, List<BatchSlice> slices, Set<Long> skippedSequences, int from, int to,
                   AtomicInteger firstFailed) {
            this.index = index;
            this.root = root;
            this.slices = slices;
            this.skippedSequences = skippedSequences;
            this.from = from;
            this.to = to;
            this.firstFailed = firstFailed;
        }

        @Override
        public void run() {
            RowCursor cursor = new RowCursor();
            RunRecorder run = new RunRecorder(runs);
            Map<StructLike, OpenFile> open = new HashMap<>();
            PartitionRouter router = spec.isUnpartitioned() ? null : new PartitionRouter(root);
            try {
                int sliceIndex = 0;
                for (int row = from; row < to; row++) {
                    while (sliceIndex < slices.size() && slices.get(sliceIndex).endRow() <= row) {
                        sliceIndex++;
                    }
                    BatchSlice slice = sliceIndex < slices.size() && slices.get(sliceIndex).firstRow() <= row
                            ? slices.get(sliceIndex) : null;
                    if (slice != null && skippedSequences.contains(slice.sequence())) {
                        row = slice.endRow() - 1;
                        continue;
                    }
                    cursor.row = row;
                    cursor.hasSequence = slice != null;
                    cursor.sequence = slice == null ? 0 : slice.sequence();
                    OpenFile file = router == null ? open.computeIfAbsent(null, k -> newFile(root, null))
                            : router.fileFor(row, open);
                    long position = file.write(cursor);
                    cursor.written++;
                    if (slice != null) {
                        run.extend(slice.sequence(), file.path, position);
                    }
                    if (file.rows % SIZE_CHECK_ROWS == 0) {
                        if (stopped()) {
                            break;
                        }
                        if (file.writer.length() >= targetFileSizeBytes) {
                            close(file);
                            open.values().remove(file);
                        }
                    }
                }
                run.flush();
                if (stopped()) {
                    abandon(open);
                    return;
                }
                for (OpenFile file : open.values()) {
                    close(file);
                }
                rowsWritten = cursor.written;
            } catch (RuntimeException | Error e) {
                failure = e;
                firstFailed.accumulateAndGet(index, Math::min);
                abandon(open);
                throw e;
            }
        }

        private boolean stopped() {
            return firstFailed.get() < index;
        }

        private void abandon(Map<StructLike, OpenFile> open) {
            for (OpenFile file : open.values()) {
                file.abandon();
                table.io().deleteFile(file.path);
            }
            open.clear();
        }

        private void close(OpenFile file) {
            try {
                file.writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close data file " + file.path, e);
            }
            DataFile dataFile = file.writer.toDataFile();
            closed.add(dataFile);
            closedRefs.add(DataFileRef.of(dataFile, table));
        }
    }

    /** The run being extended row by row, recorded when the sequence, the file or the position jumps. */
    private static final class RunRecorder {
        private final Map<Long, List<RowRun>> runs;
        private long sequence;
        private String path;
        private long first;
        private long count;

        RunRecorder(Map<Long, List<RowRun>> runs) {
            this.runs = runs;
        }

        void extend(long rowSequence, String rowPath, long position) {
            if (count > 0 && rowSequence == sequence && rowPath == path && first + count == position) {
                count++;
                return;
            }
            flush();
            sequence = rowSequence;
            path = rowPath;
            first = position;
            count = 1;
        }

        void flush() {
            if (count > 0) {
                runs.computeIfAbsent(sequence, s -> new ArrayList<>()).add(new RowRun(path, first, count));
                count = 0;
            }
        }
    }

    /** A data file being written. */
    private static final class OpenFile {
        final DataWriter<RowCursor> writer;
        final String path;
        long rows;

        OpenFile(DataWriter<RowCursor> writer, String path) {
            this.writer = writer;
            this.path = path;
        }

        /** Writes the cursor's row and returns its position in the file. */
        long write(RowCursor cursor) {
            writer.write(cursor);
            return rows++;
        }

        void abandon() {
            try {
                writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is deleted next; a close failure changes nothing
            }
        }
    }

    /** Computes each row's partition from the spec's source columns and finds (or opens) its file. */
    private final class PartitionRouter implements StructLike {
        private final PartitionKey key = new PartitionKey(spec, schema);
        private final Map<Integer, IntFunction<Object>> sources = new HashMap<>();
        private final VectorSchemaRoot root;
        private int row;

        PartitionRouter(VectorSchemaRoot root) {
            this.root = root;
            for (PartitionField field : spec.fields()) {
                Types.NestedField source = schema.findField(field.sourceId());
                FieldVector vector = root.getVector(source.name());
                int position = schema.columns().indexOf(source);
                if (position < 0) {
                    throw new IllegalStateException("partition source " + source.name() + " is not a top-level column");
                }
                sources.put(position, vector == null ? r -> null : InternalValues.reader(vector, source.type(), source.name()));
            }
        }

        OpenFile fileFor(int row, Map<StructLike, OpenFile> open) {
            this.row = row;
            key.partition(this);
            OpenFile file = open.get(key);
            if (file == null) {
                PartitionKey copy = key.copy();
                file = newFile(root, copy);
                open.put(copy, file);
            }
            return file;
        }

        @Override
        public int size() {
            return schema.columns().size();
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            IntFunction<Object> source = sources.get(pos);
            return source == null ? null : javaClass.cast(source.apply(row));
        }

        @Override
        public <T> void set(int pos, T value) {
            throw new UnsupportedOperationException("read-only row");
        }
    }
}
