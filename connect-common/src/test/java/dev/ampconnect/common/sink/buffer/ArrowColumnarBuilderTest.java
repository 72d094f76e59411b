package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.batch.BatchSlice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.arrow.ArrowIpcEncoder;
import dev.ampconnect.common.arrow.ArrowIpcSlice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrowColumnarBuilderTest {

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeaks() {
        assertEquals(0, allocator.getAllocatedMemory(), "every Arrow buffer released");
        allocator.close();
    }

    private List<ArrowIpcSlice> slices(int rows) {
        try (UInt8Vector blocks = new UInt8Vector("block_num", FieldType.notNullable(new ArrowType.Int(64, false)), allocator)) {
            blocks.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                blocks.set(i, i == 0 ? -1L : i);
            }
            blocks.setValueCount(rows);
            VectorSchemaRoot root = VectorSchemaRoot.of(blocks);
            root.setRowCount(rows);
            return new ArrowIpcEncoder(ArrowIpcEncoder.MIN_MAX_RECORD_BYTES).encode(root);
        }
    }

    private static BufferedRecord buffered(byte[] payload, long offset, long sequence, String batchId, int rows) {
        return new BufferedRecord(new SinkRecord("t", 0, null, null, Schema.OPTIONAL_BYTES_SCHEMA, payload, offset),
                sequence, batchId, rows, payload.length);
    }

    @Test
    void slicesOfTwoMicrobatchesBecomeOneRootWithBatchIdsAndRecordRows() {
        List<ArrowIpcSlice> slices = slices(2_000);
        assertTrue(slices.size() > 2);
        var shape = ArrowColumnarBuilder.inspect(slices.get(0).payload());
        Segment segment = new Segment(RecordFormat.ARROW, true, shape.schema());
        for (int i = 0; i < slices.size(); i++) {
            ArrowIpcSlice slice = slices.get(i);
            segment.records().add(buffered(slice.payload(), i, i < 2 ? 1 : 2, i < 2 ? "first" : "second", slice.rowCount()));
        }

        try (ColumnarBatch batch = ArrowColumnarBuilder.build(segment, allocator, (r, e) -> { throw e; })) {
            assertEquals(2_000, batch.rowCount());
            assertEquals(-1L, ((UInt8Vector) batch.root().getVector("block_num")).get(0), "UInt64 kept as it came");
            assertEquals(1_999L, ((UInt8Vector) batch.root().getVector("block_num")).get(1_999));
            int secondStart = slices.get(2).firstRow();
            VarCharVector ids = (VarCharVector) batch.root().getVector("_amp_batch_id");
            assertEquals("first", new String(ids.get(secondStart - 1), StandardCharsets.UTF_8));
            assertEquals("second", new String(ids.get(secondStart), StandardCharsets.UTF_8));
            assertEquals(List.of(new BatchSlice(1, "first", 0, secondStart), new BatchSlice(2, "second", secondStart, 2_000 - secondStart)),
                    batch.slices());
            assertSame(segment.records().get(2).record(), batch.recordOf(secondStart));
            assertSame(segment.records().get(1).record(), batch.recordOf(secondStart - 1));
            assertEquals("org.apache.kafka.connect.data.Decimal", batch.valueSchema().field("block_num").schema().name());
        }
    }

    @Test
    void anUndecodableRecordIsRejectedAndTheOthersKept() {
        List<ArrowIpcSlice> slices = slices(10);
        var shape = ArrowColumnarBuilder.inspect(slices.get(0).payload());
        Segment segment = new Segment(RecordFormat.ARROW, false, shape.schema());
        segment.records().add(buffered(slices.get(0).payload(), 0, BufferedRecord.PLAIN, null, 10));
        segment.records().add(buffered(new byte[] {1, 2, 3}, 1, BufferedRecord.PLAIN, null, 1));
        List<BufferedRecord> rejected = new ArrayList<>();

        try (ColumnarBatch batch = ArrowColumnarBuilder.build(segment, allocator, (r, e) -> rejected.add(r))) {
            assertEquals(10, batch.rowCount());
            assertEquals(List.of(segment.records().get(1)), rejected);
            assertTrue(batch.slices().isEmpty());
        }
    }
}
