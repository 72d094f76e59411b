package dev.ampconnect.sink.clickhouse;

import dev.ampconnect.common.arrow.ArrowConversionOptions;
import dev.ampconnect.common.arrow.ArrowSchemaMapper;
import dev.ampconnect.common.contract.AmpHeaders;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/** Columnar batches as the sink base hands them to a store, built from Arrow roots the tests fill. */
final class TestBatches {

    private TestBatches() {
    }

    /**
     * Amp rows: {@code root} plus {@code _amp_batch_id}, one record per slice, the value schema the sink base
     * derives from an {@code arrow}-format stream. The batch owns {@code root}.
     *
     * @param sliceRows rows per microbatch, in order; slice {@code i} gets sequence {@code firstSequence + i}
     */
    static ColumnarBatch amp(VectorSchemaRoot root, BufferAllocator allocator, long firstSequence, int... sliceRows) {
        Schema valueSchema = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(root.getSchema(), "test");
        List<BatchSlice> slices = new ArrayList<>();
        List<SinkRecord> records = new ArrayList<>();
        int[] firstRows = new int[sliceRows.length];
        int row = 0;
        for (int i = 0; i < sliceRows.length; i++) {
            String batchId = "b" + (firstSequence + i);
            slices.add(new BatchSlice(firstSequence + i, batchId, row, sliceRows[i]));
            records.add(new SinkRecord("topic", 0, null, null, valueSchema, null, firstSequence + i));
            firstRows[i] = row;
            row += sliceRows[i];
        }
        if (row != root.getRowCount()) {
            throw new IllegalArgumentException("slices cover " + row + " rows, the root has " + root.getRowCount());
        }
        VarCharVector ids = new VarCharVector(AmpHeaders.BATCH_ID_COLUMN, allocator);
        ids.allocateNew(row);
        for (BatchSlice slice : slices) {
            for (int r = slice.firstRow(); r < slice.endRow(); r++) {
                ids.setSafe(r, slice.batchId().getBytes(StandardCharsets.UTF_8));
            }
        }
        ids.setValueCount(row);
        List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors());
        vectors.add(ids);
        VectorSchemaRoot combined = new VectorSchemaRoot(vectors);
        combined.setRowCount(row);
        return new ColumnarBatch(valueSchema, combined, records, firstRows, true, slices);
    }
}
