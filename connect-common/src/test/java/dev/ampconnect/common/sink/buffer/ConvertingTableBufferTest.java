package dev.ampconnect.common.sink.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A buffer that converts {@code rows}-format records as they arrive holds the very rows a buffer that keeps its
 * records converts at the cut, keeps only the records' origins, and drops or hands over rows (invalidations, one
 * partition's unit) exactly as that one drops records.
 */
class ConvertingTableBufferTest {

    private static final Schema U256 = Decimal.builder(0).parameter(AmpSchemaNames.DECIMAL_PRECISION, "76").optional().build();
    private static final Schema ITEM = SchemaBuilder.struct().name("item")
            .field("address", Schema.BYTES_SCHEMA).field("slots", SchemaBuilder.array(Schema.INT64_SCHEMA).build()).build();
    private static final Schema VALUE = SchemaBuilder.struct().name("dev.ampconnect.stream.t.Value")
            .field("block_num", Schema.INT64_SCHEMA)
            .field("hash", Schema.STRING_SCHEMA)
            .field("value", U256)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("access_list", SchemaBuilder.array(ITEM).optional().build())
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
            .build();

    private final BufferAllocator allocator = new RootAllocator();
    private final List<TableBuffer> buffers = new ArrayList<>();

    @AfterEach
    void closeAllocator() {
        buffers.forEach(TableBuffer::clear);
        // fails when a converted row was not released
        allocator.close();
    }

    private static Struct row(long n) {
        List<Struct> items = new ArrayList<>();
        for (int i = 0; i < n % 3; i++) {
            items.add(new Struct(ITEM).put("address", new byte[] {(byte) n, (byte) i}).put("slots", List.of(n, (long) i)));
        }
        return new Struct(VALUE)
                .put("block_num", n)
                .put("hash", "0x" + Long.toHexString(n * 7919).repeat((int) (n % 4) + 1))
                .put("value", n % 5 == 0 ? null : new BigDecimal("1" + "0".repeat(40)).add(BigDecimal.valueOf(n)))
                .put("note", n % 2 == 0 ? null : "odd " + n)
                .put("access_list", n % 7 == 0 ? null : items)
                .put("labels", Map.of("n", (int) n));
    }

    /** Record {@code n}: partition {@code n % partitions}, offset n, amp batch {@code n / perBatch}. */
    private static BufferedRecord record(long n, int partitions, int perBatch) {
        SinkRecord record = new SinkRecord("t", (int) (n % partitions), null, null, VALUE, row(n), n);
        long sequence = n / perBatch;
        return new BufferedRecord(record, sequence, "batch-" + sequence, 1, 100);
    }

    /** Plain (not amp) record {@code n}, of partition {@code n % 3}. */
    private static BufferedRecord plain(long n) {
        return new BufferedRecord(record(n, 3, 1000).record(), BufferedRecord.PLAIN, null, 1, 10);
    }

    private TableBuffer buffer(BufferAllocator convertInto) {
        TableBuffer buffer = new TableBuffer("t", convertInto);
        buffers.add(buffer);
        return buffer;
    }

    private ColumnarBatch only(TableBuffer buffer) {
        assertEquals(1, buffer.segments().size());
        return RowsColumnarBuilder.build(buffer.segments().get(0), allocator, (r, e) -> { throw e; });
    }

    /** The rows of both batches are the same values, and they came from records at the same places. */
    private static void assertSameRows(ColumnarBatch expected, ColumnarBatch actual) {
        assertEquals(expected.rowCount(), actual.rowCount());
        assertEquals(expected.valueSchema(), actual.valueSchema());
        assertEquals(expected.root().contentToTSVString(), actual.root().contentToTSVString());
        assertEquals(expected.slices(), actual.slices());
        for (int row = 0; row < expected.rowCount(); row++) {
            SinkRecord want = expected.recordOf(row);
            SinkRecord got = actual.recordOf(row);
            assertEquals(want.topic() + "/" + want.kafkaPartition() + "/" + want.kafkaOffset(),
                    got.topic() + "/" + got.kafkaPartition() + "/" + got.kafkaOffset(), "row " + row);
        }
    }

    @Test
    void convertedRowsEqualTheRowsConvertedAtTheCutAndKeepOnlyTheRecordsOrigins() {
        TableBuffer converting = buffer(allocator);
        TableBuffer keeping = buffer(null);
        // past the initial allocation, so the vectors grow while rows arrive
        for (long n = 0; n < 5000; n++) {
            converting.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 1000));
            keeping.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 1000));
        }
        assertEquals(keeping.rows(), converting.rows());
        long bytes = converting.bytes();
        assertTrue(converting.segments().get(0).converting());
        assertNull(converting.segments().get(0).records().get(17).record().value(), "only the origin is kept");

        try (ColumnarBatch expected = only(keeping); ColumnarBatch actual = only(converting)) {
            assertSameRows(expected, actual);
            // the byte threshold counts what the vectors hold (measured every few hundred rows, extrapolated between)
            assertTrue(Math.abs(bytes - actual.bufferBytes()) < actual.bufferBytes() / 20,
                    bytes + " bytes counted for vectors of " + actual.bufferBytes());
            assertEquals(5, actual.slices().size());
            assertNull(actual.recordOf(4321).value());
            assertEquals(4321, actual.recordOf(4321).kafkaOffset());
        }
    }

    @Test
    void anInvalidationDropsTheConvertedRowsOfItsBatchesAndLaterRowsFollowTheKeptOnes() {
        TableBuffer converting = buffer(allocator);
        TableBuffer keeping = buffer(null);
        for (long n = 0; n < 50; n++) {
            converting.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
            keeping.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
        }
        long before = converting.bytes();
        converting.dropSequences(Set.of(2L, 4L));
        keeping.dropSequences(Set.of(2L, 4L));
        assertEquals(30, converting.rows());
        assertTrue(converting.bytes() < before, converting.bytes() + " bytes after the drop, " + before + " before");
        for (long n = 50; n < 73; n++) {
            converting.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
            keeping.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
        }

        try (ColumnarBatch expected = only(keeping); ColumnarBatch actual = only(converting)) {
            assertSameRows(expected, actual);
            assertEquals(53, actual.rowCount());
            assertEquals(new BatchSlice(3, "batch-3", 20, 10), actual.slices().get(2));
        }
    }

    @Test
    void dropEverythingLeavesAnEmptyBuffer() {
        TableBuffer converting = buffer(allocator);
        for (long n = 0; n < 20; n++) {
            converting.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
        }
        converting.dropSequences(Set.of(0L, 1L));
        assertTrue(converting.isEmpty());
        assertEquals(0, converting.rows());
        assertEquals(0, converting.bytes());
        assertEquals(0, allocator.getAllocatedMemory());
    }

    @Test
    void takingOnePartitionMovesItsConvertedRowsInOrderAndLeavesTheOthers() {
        TableBuffer converting = buffer(allocator);
        TableBuffer keeping = buffer(null);
        for (long n = 0; n < 200; n++) {
            converting.add(RecordFormat.ROWS, false, VALUE, plain(n));
            keeping.add(RecordFormat.ROWS, false, VALUE, plain(n));
        }
        TopicPartition one = new TopicPartition("t", 1);
        TableBuffer convertedOne = converting.take(one);
        TableBuffer keptOne = keeping.take(one);
        buffers.add(convertedOne);
        buffers.add(keptOne);
        assertEquals(67, convertedOne.rows());
        assertEquals(133, converting.rows());
        assertTrue(convertedOne.bytes() > 0 && converting.bytes() > convertedOne.bytes(),
                convertedOne.bytes() + " bytes taken, " + converting.bytes() + " left");

        try (ColumnarBatch expected = only(keptOne); ColumnarBatch actual = only(convertedOne)) {
            assertSameRows(expected, actual);
            assertEquals(4, actual.recordOf(1).kafkaOffset());
        }
        // the rest takes more rows after the copy
        for (long n = 200; n < 210; n++) {
            converting.add(RecordFormat.ROWS, false, VALUE, plain(n));
            keeping.add(RecordFormat.ROWS, false, VALUE, plain(n));
        }
        try (ColumnarBatch expected = only(keeping); ColumnarBatch actual = only(converting)) {
            assertSameRows(expected, actual);
            assertEquals(143, actual.rowCount());
        }
    }

    @Test
    void takingEveryRowMovesTheSegmentWithoutCopying() {
        TableBuffer converting = buffer(allocator);
        for (long n = 0; n < 30; n++) {
            converting.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
        }
        long held = allocator.getAllocatedMemory();
        TableBuffer taken = converting.take(new TopicPartition("t", 0));
        buffers.add(taken);
        assertTrue(converting.isEmpty());
        assertEquals(held, allocator.getAllocatedMemory());
        try (ColumnarBatch batch = only(taken)) {
            assertEquals(30, batch.rowCount());
            assertEquals(29, batch.recordOf(29).kafkaOffset());
        }
    }

    @Test
    void aRecordThatCannotBeConvertedIsNotAddedAndTheNextOneTakesItsPlace() {
        TableBuffer converting = buffer(allocator);
        TableBuffer keeping = buffer(null);
        Struct tooWide = row(3).put("value", new BigDecimal("1" + "0".repeat(80)));
        SinkRecord bad = new SinkRecord("t", 0, null, null, VALUE, tooWide, 99);

        DataException first = assertThrows(DataException.class, () ->
                converting.add(RecordFormat.ROWS, true, VALUE, new BufferedRecord(bad, 0, "batch-0", 1, 100)));
        assertTrue(first.getMessage().contains("column value"), first.getMessage());
        assertTrue(converting.isEmpty(), "a segment whose only record failed is not kept");

        for (long n = 0; n < 4; n++) {
            converting.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
            keeping.add(RecordFormat.ROWS, true, VALUE, record(n, 1, 10));
            if (n == 1) {
                assertThrows(DataException.class, () ->
                        converting.add(RecordFormat.ROWS, true, VALUE, new BufferedRecord(bad, 0, "batch-0", 1, 100)));
            }
        }
        assertEquals(4, converting.rows());
        try (ColumnarBatch expected = only(keeping); ColumnarBatch actual = only(converting)) {
            assertSameRows(expected, actual);
        }
    }

    @Test
    void arrowFormatRecordsAndPlainBuffersKeepTheirRecords() {
        Segment arrow = new Segment(RecordFormat.ARROW, true, new org.apache.arrow.vector.types.pojo.Schema(List.of()),
                allocator);
        Segment kept = new Segment(RecordFormat.ROWS, true, VALUE, null);
        assertEquals(false, arrow.converting());
        assertEquals(false, kept.converting());
        BufferedRecord record = record(1, 1, 10);
        kept.add(record);
        assertEquals(record, kept.records().get(0));
        assertEquals(0, allocator.getAllocatedMemory());
    }
}
