package dev.ampconnect.common.sink.buffer;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.batch.BatchSlice;
import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import dev.ampconnect.common.sink.batch.ArrowJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RowsColumnarBuilderTest {

    private static final Schema ADDRESS = SchemaBuilder.bytes().name("dev.ampconnect.Fixed20")
            .parameter(AmpSchemaNames.FIXED_SIZE, "20").build();
    private static final Schema UINT64 = Decimal.builder(0).parameter(AmpSchemaNames.DECIMAL_PRECISION, "20").build();
    private static final Schema U256 = Decimal.builder(0).parameter(AmpSchemaNames.DECIMAL_PRECISION, "76").optional().build();
    private static final Schema NANOS = SchemaBuilder.int64().name(AmpSchemaNames.TIMESTAMP_NANOS).build();
    private static final Schema ENTRY = SchemaBuilder.struct().name("dev.ampconnect.stream.t.Value.access_list_item")
            .field("address", ADDRESS).field("slots", SchemaBuilder.array(Schema.INT64_SCHEMA).build()).build();
    private static final Schema VALUE = SchemaBuilder.struct().name("dev.ampconnect.stream.t.Value")
            .field("block_num", UINT64)
            .field("from", ADDRESS)
            .field("value", U256)
            .field("timestamp", Timestamp.SCHEMA)
            .field("timestamp_ns", NANOS)
            .field("day", Date.SCHEMA)
            .field("time", Time.SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("access_list", SchemaBuilder.array(ENTRY).optional().build())
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
            .build();

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private static byte[] address(int seed) {
        byte[] bytes = new byte[20];
        bytes[19] = (byte) seed;
        return bytes;
    }

    private static Struct row(long block, BigDecimal value) {
        Struct entry = new Struct(ENTRY).put("address", address(9)).put("slots", List.of(1L, 2L));
        return new Struct(VALUE)
                .put("block_num", new BigDecimal("18446744073709551615").subtract(BigDecimal.valueOf(block)))
                .put("from", address((int) block))
                .put("value", value)
                .put("timestamp", new java.util.Date(1_700_000_000_123L))
                .put("timestamp_ns", 1_700_000_000_123_456_789L)
                .put("day", new java.util.Date(19_000L * 86_400_000L))
                .put("time", new java.util.Date(45_296_789L))
                .put("note", block % 2 == 0 ? null : "odd")
                .put("access_list", List.of(entry))
                .put("labels", Map.of("k", 7));
    }

    private static Segment segment(boolean amp, List<Struct> values, long sequence) {
        Segment segment = new Segment(RecordFormat.ROWS, amp, VALUE);
        long offset = 0;
        for (Struct value : values) {
            SinkRecord record = new SinkRecord("t", 0, null, null, VALUE, value, offset++);
            segment.records().add(new BufferedRecord(record, amp ? sequence : BufferedRecord.PLAIN, amp ? "b1" : null, 1, 100));
        }
        return segment;
    }

    @Test
    void everyTypeLandsInItsArrowVectorValueExactly() {
        Segment segment = segment(false, List.of(row(1, new BigDecimal("1" + "0".repeat(70))), row(2, null)), 0);

        try (ColumnarBatch batch = RowsColumnarBuilder.build(segment, allocator, (r, e) -> { throw e; })) {
            var root = batch.root();
            assertEquals(2, batch.rowCount());
            assertEquals(new BigDecimal("18446744073709551614"), ((DecimalVector) root.getVector("block_num")).getObject(0));
            assertEquals(new ArrowType.Decimal(20, 0, 128), root.getVector("block_num").getField().getType());
            assertArrayEquals(address(2), ((FixedSizeBinaryVector) root.getVector("from")).get(1));
            assertEquals(new BigDecimal("1" + "0".repeat(70)), ((Decimal256Vector) root.getVector("value")).getObject(0));
            assertTrue(root.getVector("value").isNull(1));
            assertEquals(1_700_000_000_123L, ((TimeStampMilliTZVector) root.getVector("timestamp")).get(0));
            assertEquals(1_700_000_000_123_456_789L, ((TimeStampNanoTZVector) root.getVector("timestamp_ns")).get(0));
            assertEquals(19_000, ((DateDayVector) root.getVector("day")).get(0));
            assertEquals(45_296_789, ((TimeMilliVector) root.getVector("time")).get(0));
            assertEquals("odd", new String(((VarCharVector) root.getVector("note")).get(0), StandardCharsets.UTF_8));
            assertTrue(root.getVector("note").isNull(1));
            ListVector accessList = (ListVector) root.getVector("access_list");
            StructVector entries = (StructVector) accessList.getDataVector();
            assertEquals(1, accessList.getElementEndIndex(1) - accessList.getElementStartIndex(1));
            assertArrayEquals(address(9), ((FixedSizeBinaryVector) entries.getChild("address")).get(0));
            ListVector slots = (ListVector) entries.getChild("slots");
            assertEquals(2L, ((BigIntVector) slots.getDataVector()).get(1));
            assertInstanceOf(MapVector.class, root.getVector("labels"));
            assertEquals("{\"k\":7}", ArrowJson.of(root.getVector("labels"), 0));
            assertTrue(batch.slices().isEmpty());
        }
    }

    @Test
    void decimalsOnBothSidesOfTheLongFastPathKeepTheirExactValue() {
        Schema scaled = Decimal.builder(9).parameter(AmpSchemaNames.DECIMAL_PRECISION, "38").build();
        Schema schema = SchemaBuilder.struct().name("dev.ampconnect.stream.d.Value").field("d", scaled).build();
        List<BigDecimal> values = List.of(new BigDecimal("-1.5"), BigDecimal.ZERO,
                new BigDecimal(java.math.BigInteger.valueOf(Long.MAX_VALUE), 9),
                new BigDecimal(java.math.BigInteger.valueOf(Long.MIN_VALUE), 9),
                new BigDecimal(java.math.BigInteger.valueOf(Long.MAX_VALUE).add(java.math.BigInteger.ONE), 9),
                new BigDecimal(java.math.BigInteger.valueOf(Long.MIN_VALUE).subtract(java.math.BigInteger.ONE), 9),
                new BigDecimal("-12345678901234567890123456789.123456789"));
        Segment segment = new Segment(RecordFormat.ROWS, false, schema);
        for (int i = 0; i < values.size(); i++) {
            Struct value = new Struct(schema).put("d", values.get(i));
            segment.records().add(new BufferedRecord(new SinkRecord("t", 0, null, null, schema, value, i),
                    BufferedRecord.PLAIN, null, 1, 16));
        }

        try (ColumnarBatch batch = RowsColumnarBuilder.build(segment, allocator, (r, e) -> { throw e; })) {
            DecimalVector column = (DecimalVector) batch.root().getVector("d");
            for (int i = 0; i < values.size(); i++) {
                assertEquals(values.get(i).setScale(9), column.getObject(i), "row " + i);
            }
        }
    }

    @Test
    void aRecordThatCannotBeConvertedIsRejectedAndTheOthersKeepTheirValues() {
        BigDecimal tooWide = new BigDecimal("1" + "0".repeat(80));
        Segment segment = segment(true, List.of(row(1, BigDecimal.ONE), row(2, tooWide), row(3, BigDecimal.TEN)), 5);
        List<BufferedRecord> rejected = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();

        try (ColumnarBatch batch = RowsColumnarBuilder.build(segment, allocator, (r, e) -> {
            rejected.add(r);
            errors.add(e);
        })) {
            assertEquals(List.of(segment.records().get(1)), rejected);
            assertInstanceOf(DataException.class, errors.get(0));
            assertTrue(errors.get(0).getMessage().contains("column value"), errors.get(0).getMessage());
            assertEquals(2, batch.rowCount());
            assertEquals(BigDecimal.TEN, ((Decimal256Vector) batch.root().getVector("value")).getObject(1));
            assertEquals(new BigDecimal("18446744073709551612"), ((DecimalVector) batch.root().getVector("block_num")).getObject(1));
            assertSame(segment.records().get(2).record(), batch.recordOf(1));
            assertEquals(List.of(new BatchSlice(5, "b1", 0, 2)), batch.slices());
        }
    }

    @Test
    void ampRowsWithoutTheBatchIdFieldGetItFromTheHeader() {
        Schema plain = SchemaBuilder.struct().name("v").field("n", Schema.INT64_SCHEMA).build();
        Segment segment = new Segment(RecordFormat.ROWS, true, plain);
        SinkRecord record = new SinkRecord("t", 0, null, null, plain, new Struct(plain).put("n", 1L), 0);
        segment.records().add(new BufferedRecord(record, 1, "abc", 1, 8));

        try (ColumnarBatch batch = RowsColumnarBuilder.build(segment, allocator, (r, e) -> { throw e; })) {
            assertEquals("_amp_batch_id", batch.valueSchema().fields().get(1).name());
            assertEquals("abc", new String(((VarCharVector) batch.root().getVector("_amp_batch_id")).get(0), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aSegmentWhoseRecordsAreAllRejectedBuildsNothing() {
        Segment segment = segment(false, List.of(row(1, new BigDecimal("1" + "0".repeat(80)))), 0);
        assertNull(RowsColumnarBuilder.build(segment, allocator, (r, e) -> { }));
    }
}
