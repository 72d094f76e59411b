package dev.ampconnect.common.sink.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
}
