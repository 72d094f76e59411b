package dev.ampconnect.common.sink.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.sink.batch.ArrowJson;
import dev.ampconnect.common.sink.buffer.BufferedRecord;
import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.common.sink.buffer.RecordFormat;
import dev.ampconnect.common.sink.buffer.RowsColumnarBuilder;
import dev.ampconnect.common.sink.buffer.Segment;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ArrowJsonDecoderTest {

    private static final Schema INNER = SchemaBuilder.struct().name("inner")
            .field("amount", Decimal.builder(2).optional().build())
            .field("big", Schema.OPTIONAL_INT64_SCHEMA)
            .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("at", Timestamp.builder().optional().build())
            .field("day", Date.builder().optional().build())
            .field("clock", Time.builder().optional().build())
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("small", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema VALUE = SchemaBuilder.struct().name("v")
            .field("items", SchemaBuilder.array(INNER).build())
            .field("byKey", SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.BOOLEAN_SCHEMA).build())
            .field("byName", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build()).build();

    @Test
    void decodingArrowJsonGivesBackTheConnectValuesThatWereWritten() {
        Struct item = new Struct(INNER).put("amount", new BigDecimal("-12345678901234567890.50"))
                .put("big", Long.MIN_VALUE).put("raw", new byte[] {0x0a, (byte) 0xff})
                .put("at", new java.util.Date(1_700_000_000_123L)).put("day", new java.util.Date(19_000L * 86_400_000L))
                .put("clock", new java.util.Date(45_296_789L)).put("ratio", Double.NaN).put("small", 0.1f)
                .put("text", "quote \" and \n");
        Struct row = new Struct(VALUE).put("items", List.of(item, new Struct(INNER)))
                .put("byKey", Map.of(5L, true)).put("byName", Map.of("k", 7));

        assertEquals(ConnectValues.comparable(row.get("items")), ConnectValues.comparable(roundTrip(row, "items")));
        assertEquals(Map.of(5L, true), roundTrip(row, "byKey"));
        assertEquals(Map.of("k", 7), roundTrip(row, "byName"));
    }

    @Test
    void aDecimalGetsItsSchemaScaleBackThoughJsonDropsTrailingZeros() {
        assertEquals(new BigDecimal("1.50"), ArrowJsonDecoder.fromJson(ArrowJsonDecoder.parse("1.50"),
                Decimal.schema(2)));
        assertEquals(new BigDecimal("100.00"), ArrowJsonDecoder.fromText("100", Decimal.schema(2)));
    }

    @Test
    void sixtyFourBitIntegersAndDecimalsWrittenAsJsonStringsDecodeExactly() {
        assertEquals(9_007_199_254_740_993L, ArrowJsonDecoder.fromJson(ArrowJsonDecoder.parse("\"9007199254740993\""),
                Schema.INT64_SCHEMA));
        assertEquals(new BigDecimal("18446744073709551615"),
                ArrowJsonDecoder.fromJson(ArrowJsonDecoder.parse("\"18446744073709551615\""), Decimal.schema(0)));
    }

    /** Writes {@code row} as a columnar batch and decodes ArrowJson's text of column {@code column}. */
    private static Object roundTrip(Struct row, String column) {
        Segment segment = new Segment(RecordFormat.ROWS, false, VALUE);
        segment.records().add(new BufferedRecord(new SinkRecord("t", 0, null, null, VALUE, row, 0), -1, null, 1, 1));
        try (BufferAllocator allocator = new RootAllocator();
             ColumnarBatch batch = RowsColumnarBuilder.build(segment, allocator, (r, e) -> {
                 throw e;
             })) {
            String json = ArrowJson.of(batch.root().getVector(column), 0);
            return ArrowJsonDecoder.fromJson(ArrowJsonDecoder.parse(json), VALUE.field(column).schema());
        }
    }
}
