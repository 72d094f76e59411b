package dev.ampconnect.common.sink.batch;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The rows of one flush into one table that share a value schema, as Arrow vectors (docs/ARCHITECTURE.md sink
 * rule 0), with the records they came from.
 *
 * <p>{@link #valueSchema()} is the Connect schema a store maps its columns from (TYPES.md). The vectors'
 * Arrow types are the canonical "Connect -> Arrow" ones for {@code rows}-format records, and the source's
 * own Arrow types for {@code arrow}-format records (e.g. {@code UInt64}, {@code Timestamp(ns, tz)}); a
 * store therefore reads vectors by their Arrow type. Amp rows always include {@code _amp_batch_id}.
 *
 * <p>The batch owns its vectors: the sink base closes it after the store's {@code apply} returns.
 */
public final class ColumnarBatch implements AutoCloseable {

    private final Schema valueSchema;
    private final VectorSchemaRoot root;
    private final List<SinkRecord> records;
    private final int[] firstRowOfRecord;
    private final boolean amp;
    private final List<BatchSlice> slices;

    /**
     * @param valueSchema      Connect struct schema of the columns, in the order of the root's vectors
     * @param root             the rows
     * @param records          the records the rows came from, in order
     * @param firstRowOfRecord index of each record's first row, or {@code null} when every record is one row
     * @param amp              whether the rows are amp data rows (then {@code slices} cover every row)
     * @param slices           row ranges per registered microbatch, in row order
     */
    public ColumnarBatch(Schema valueSchema, VectorSchemaRoot root, List<SinkRecord> records, int[] firstRowOfRecord,
                         boolean amp, List<BatchSlice> slices) {
        this.valueSchema = Objects.requireNonNull(valueSchema, "valueSchema");
        this.root = Objects.requireNonNull(root, "root");
        this.records = List.copyOf(records);
        this.firstRowOfRecord = firstRowOfRecord;
        this.amp = amp;
        this.slices = List.copyOf(slices);
        if (firstRowOfRecord == null && records.size() != root.getRowCount()) {
            throw new IllegalArgumentException(records.size() + " records for " + root.getRowCount() + " rows");
        }
    }

    /** The Connect schema of the columns. */
    public Schema valueSchema() {
        return valueSchema;
    }

    /** The rows. */
    public VectorSchemaRoot root() {
        return root;
    }

    /** Number of rows. */
    public int rowCount() {
        return root.getRowCount();
    }

    /** The originating records, in order. */
    public List<SinkRecord> records() {
        return records;
    }

    /** The record row {@code row} came from. */
    public SinkRecord recordOf(int row) {
        if (firstRowOfRecord == null) {
            return records.get(row);
        }
        int index = Arrays.binarySearch(firstRowOfRecord, row);
        if (index < 0) {
            index = -index - 2;
        }
        return records.get(index);
    }

    /**
     * The same rows whose records keep only where they came from (topic, partition, offset, timestamp): no key,
     * value or headers. The sink base hands stores such batches when nothing needs a record's contents after the
     * conversion (no dead letter queue: a rejected row fails the task, naming topic, partition and offset), so a
     * unit being written does not keep every converted record alive: in the {@code rows} format that was the
     * worker's JSON bytes and Struct of each of up to 100,000 rows, copied by every young collection
     * (BENCHMARKS.md "End to end"). Record identity is kept one to one, in order.
     */
    public ColumnarBatch withRecordOriginsOnly() {
        List<SinkRecord> origins = new java.util.ArrayList<>(records.size());
        for (SinkRecord record : records) {
            origins.add(originOf(record));
        }
        return new ColumnarBatch(valueSchema, root, origins, firstRowOfRecord, amp, slices);
    }

    /**
     * A record with only where {@code record} came from (topic, partition, offset, timestamp): no key, value or
     * headers, and no reference to the worker's own record (which holds the consumed bytes).
     */
    public static SinkRecord originOf(SinkRecord record) {
        return new SinkRecord(record.topic(), record.kafkaPartition(), null, null, null, null,
                record.kafkaOffset(), record.timestamp(), record.timestampType());
    }

    /** Whether these are amp data rows (registered microbatches) rather than plain rows. */
    public boolean isAmp() {
        return amp;
    }

    /** Row ranges per microbatch, in row order; empty for plain rows. */
    public List<BatchSlice> slices() {
        return slices;
    }

    /** Approximate Arrow memory held by the vectors. */
    public long bufferBytes() {
        long bytes = 0;
        for (var vector : root.getFieldVectors()) {
            bytes += vector.getBufferSize();
        }
        return bytes;
    }

    @Override
    public void close() {
        root.close();
    }
}
