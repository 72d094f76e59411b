package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.contract.AmpHeaders;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.util.VectorAppender;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * {@code rows}-format rows of one value schema as Arrow vectors, appended one Struct at a time (TYPES.md
 * "Connect -> Arrow"). Amp rows whose schema lacks {@code _amp_batch_id} get the column from their header. The
 * vectors grow as rows arrive; {@link #finish()} hands them over as a root.
 */
public final class ConvertedRows implements AutoCloseable {

    /** Rows appended between two measurements of the vectors ({@link #bytes()} extrapolates in between). */
    private static final int MEASURE_EVERY = 256;

    private final Schema valueSchema;
    private final Schema outputSchema;
    private final Field[] fields;
    private final VectorSchemaRoot root;
    private final ConnectColumnWriter[] writers;
    /** Amp rows whose schema lacks {@code _amp_batch_id}: the column it is written to from the header; else null. */
    private final ConnectColumnWriter batchIdColumn;
    private final BufferAllocator allocator;
    private final boolean amp;
    private int rows;
    private boolean handedOver;
    private int measuredRows;
    private long measuredBytes;

    /**
     * @param valueSchema     the rows' Connect struct schema
     * @param amp             whether they are amp data rows (then {@code _amp_batch_id} is added when missing)
     * @param allocator       where the vectors live
     * @param initialCapacity rows to allocate for up front (vectors grow past it)
     */
    public ConvertedRows(Schema valueSchema, boolean amp, BufferAllocator allocator, int initialCapacity) {
        this.valueSchema = valueSchema;
        this.amp = amp;
        boolean injectBatchId = amp && valueSchema.field(AmpHeaders.BATCH_ID_COLUMN) == null;
        this.outputSchema = injectBatchId ? RowsColumnarBuilder.withBatchIdColumn(valueSchema) : valueSchema;
        this.fields = valueSchema.fields().toArray(new Field[0]);
        this.allocator = allocator;
        this.root = VectorSchemaRoot.create(ConnectArrowSchema.of(outputSchema), allocator);
        try {
            root.setRowCount(0);
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setInitialCapacity(Math.max(1, initialCapacity));
                vector.allocateNew();
            }
            writers = new ConnectColumnWriter[fields.length];
            for (int f = 0; f < fields.length; f++) {
                writers[f] = ConnectColumnWriter.of(fields[f].schema(), root.getVector(fields[f].name()), fields[f].name());
            }
            batchIdColumn = injectBatchId ? ConnectColumnWriter.of(Schema.STRING_SCHEMA,
                    root.getVector(AmpHeaders.BATCH_ID_COLUMN), AmpHeaders.BATCH_ID_COLUMN) : null;
        } catch (RuntimeException | Error e) {
            root.close();
            throw e;
        }
    }

    /** The Connect schema of the vectors: the value schema, plus {@code _amp_batch_id} when it was added. */
    public Schema outputSchema() {
        return outputSchema;
    }

    /** Rows appended so far. */
    public int rows() {
        return rows;
    }

    /**
     * About how many bytes the rows take in their vectors (what the buffer's byte threshold counts): measured from
     * the vectors every {@value #MEASURE_EVERY} rows, extrapolated from the average row in between. Cheaper than
     * sizing every record's value, which took 3 % of a worker's task thread (BENCHMARKS.md "End to end").
     */
    public long bytes() {
        if (rows == 0 || handedOver) {
            return 0;
        }
        if (measuredRows == 0 || rows - measuredRows >= MEASURE_EVERY) {
            long total = 0;
            for (FieldVector vector : root.getFieldVectors()) {
                // the used part: offsets of variable-width and list vectors say how much of their data is taken
                total += vector.getBufferSizeFor(rows);
            }
            measuredBytes = total;
            measuredRows = rows;
        }
        return measuredBytes + (rows - measuredRows) * (measuredBytes / measuredRows);
    }

    /**
     * Appends one row.
     *
     * @param value   the record's value, of the value schema
     * @param batchId its microbatch's id (amp rows), or null
     * @throws DataException when a value cannot be written; the row is then not appended (its slot is rewritten by
     *                       the next row)
     */
    public void append(Struct value, String batchId) {
        try {
            for (int f = 0; f < fields.length; f++) {
                writers[f].write(rows, value.get(fields[f]));
            }
            if (batchIdColumn != null) {
                batchIdColumn.write(rows, Objects.requireNonNull(batchId, "batchId"));
            }
        } catch (ClassCastException e) {
            throw new DataException(e.getMessage(), e);
        }
        rows++;
    }

    /**
     * The rows {@code keep} accepts, copied in order into new vectors (these stay as they are). Each run of kept rows is
     * sliced off and appended whole ({@link VectorAppender}): Arrow's per-value copy of nested vectors
     * ({@code TransferPair.copyValueSafe}) cannot copy a FixedSizeBinary inside a list of structs (an amp
     * {@code access_list}'s addresses).
     */
    public ConvertedRows copy(IntPredicate keep) {
        ConvertedRows kept = new ConvertedRows(valueSchema, amp, allocator, Math.max(1, rows));
        try {
            root.setRowCount(rows);
            List<FieldVector> from = root.getFieldVectors();
            List<FieldVector> to = kept.root.getFieldVectors();
            int target = 0;
            int runStart = -1;
            for (int row = 0; row <= rows; row++) {
                boolean keepRow = row < rows && keep.test(row);
                if (keepRow && runStart < 0) {
                    runStart = row;
                } else if (!keepRow && runStart >= 0) {
                    for (int v = 0; v < from.size(); v++) {
                        appendRows(from.get(v), runStart, row - runStart, to.get(v));
                    }
                    target += row - runStart;
                    runStart = -1;
                }
            }
            kept.rows = target;
        } catch (RuntimeException | Error e) {
            kept.close();
            throw e;
        }
        return kept;
    }

    /** Appends rows {@code start..start+count-1} of {@code from} to {@code to}. */
    private void appendRows(FieldVector from, int start, int count, FieldVector to) {
        TransferPair slice = from.getTransferPair(allocator);
        slice.splitAndTransfer(start, count);
        try (FieldVector rowsOf = (FieldVector) slice.getTo()) {
            rowsOf.accept(new VectorAppender(to), null);
        }
    }

    /** The vectors with their row count set; the caller owns (and closes) them, this holds nothing any more. */
    public VectorSchemaRoot finish() {
        if (handedOver) {
            throw new IllegalStateException("rows already handed over");
        }
        handedOver = true;
        root.setRowCount(rows);
        return root;
    }

    /** Releases the vectors, unless {@link #finish()} handed them over. */
    @Override
    public void close() {
        if (!handedOver) {
            handedOver = true;
            root.close();
        }
    }
}
