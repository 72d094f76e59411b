package dev.ampconnect.common.sink.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import dev.ampconnect.common.arrow.ArrowBatchBuilder;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.RowsColumnarBuilder;
import dev.ampconnect.common.sink.buffer.Segment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ArrowJsonTest {

    @Test
    void nestedValuesBecomeExactJson() {
        Schema inner = SchemaBuilder.struct().name("inner")
                .field("amount", Decimal.builder(2).optional().build())
                .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("at", Timestamp.builder().optional().build())
                .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("text", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema value = SchemaBuilder.struct().name("v")
                .field("items", SchemaBuilder.array(inner).build())
                .field("byKey", SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.BOOLEAN_SCHEMA).build()).build();
        Struct item = new Struct(inner).put("amount", new BigDecimal("-12345678901234567890.25"))
                .put("raw", new byte[] {0x0a, (byte) 0xff}).put("at", new java.util.Date(1_000L))
                .put("ratio", Double.NaN).put("text", "quote \" and \n");
        Struct nulls = new Struct(inner);
        Struct row = new Struct(value).put("items", List.of(item, nulls)).put("byKey", Map.of(5L, true));
        Segment segment = new Segment(RecordFormat.ROWS, false, value);
        segment.records().add(new BufferedRecord(new SinkRecord("t", 0, null, null, value, row, 0), -1, null, 1, 1));

        try (BufferAllocator allocator = new RootAllocator();
             ColumnarBatch batch = RowsColumnarBuilder.build(segment, allocator, (r, e) -> { throw e; })) {
            assertEquals("[{\"amount\":-12345678901234567890.25,\"raw\":\"0x0aff\",\"at\":\"1970-01-01T00:00:01Z\","
                            + "\"ratio\":\"NaN\",\"text\":\"quote \\\" and \\n\"},"
                            + "{\"amount\":null,\"raw\":null,\"at\":null,\"ratio\":null,\"text\":null}]",
                    ArrowJson.of(batch.root().getVector("items"), 0));
            assertEquals("[{\"key\":5,\"value\":true}]", ArrowJson.of(batch.root().getVector("byKey"), 0));
        }
    }

    @Test
    void theSourcesOwnArrowTypesBecomeExactJson() {
        Field entries = new Field("entries", new FieldType(false, ArrowType.Struct.INSTANCE, null), List.of(
                new Field("key", new FieldType(false, new ArrowType.Int(64, true), null), List.of()),
                nullable("value", ArrowType.Utf8.INSTANCE)));
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                nullable("u8", new ArrowType.Int(8, false)),
                nullable("u16", new ArrowType.Int(16, false)),
                nullable("u32", new ArrowType.Int(32, false)),
                nullable("u64", new ArrowType.Int(64, false)),
                nullable("half", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
                nullable("view_text", ArrowType.Utf8View.INSTANCE),
                nullable("view_bytes", ArrowType.BinaryView.INSTANCE),
                nullable("large_bytes", ArrowType.LargeBinary.INSTANCE),
                nullable("date64", new ArrowType.Date(DateUnit.MILLISECOND)),
                nullable("time_ns", new ArrowType.Time(TimeUnit.NANOSECOND, 64)),
                nullable("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "+00:00")),
                nullable("pair", new ArrowType.FixedSizeList(2), nullable("item", new ArrowType.Int(32, true))),
                nullable("words", ArrowType.LargeList.INSTANCE, nullable("item", ArrowType.Utf8.INSTANCE)),
                nullable("nothing", ArrowType.Null.INSTANCE),
                new Field("by_id", FieldType.nullable(new ArrowType.Map(false)), List.of(entries))));
        Object[] values = {255, 65535, 4_294_967_295L, BigInteger.TWO.pow(64).subtract(BigInteger.ONE), 1.5f,
            "h\u00e9 \"x\"", new byte[] {0x01, (byte) 0xab}, new byte[] {(byte) 0xff}, 19_000L * 86_400_000L,
            45_296_789_000_123L, 1_700_000_000_123_456L, List.of(1, 2), Arrays.asList("a", null), null, Map.of(7L, "x")};
        List<String> expected = List.of("255", "65535", "4294967295", "18446744073709551615", "1.5",
                "\"h\u00e9 \\\"x\\\"\"", "\"0x01ab\"", "\"0xff\"", "\"2022-01-08\"", "\"12:34:56.789000123\"",
                "\"2023-11-14T22:13:20.123456Z\"", "[1,2]", "[\"a\",null]", "null", "[{\"key\":7,\"value\":\"x\"}]");
        Object[] nulls = new Object[values.length];

        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, schema, values, nulls)) {
            List<String> json = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                ArrowJson.Writer writer = ArrowJson.writer(ColumnResolver.resolve(vector.getField()), vector);
                StringBuilder out = new StringBuilder();
                writer.append(out, 0);
                json.add(out.toString());
                out.setLength(0);
                writer.append(out, 1);
                assertEquals("null", out.toString(), vector.getName());
            }
            assertEquals(expected, json);
        }
    }

    private static Field nullable(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }
}
