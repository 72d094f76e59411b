package dev.ampconnect.common.sink.conformance;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * One column of every Connect schema the source produces (TYPES.md "Arrow -> Connect"), with edge values:
 * extremes of every integer width, UInt64 max as Decimal(20,0), 38- and 76-digit decimals, negative scaled
 * decimals, pre-1970 timestamps, fixed-size binaries, nested lists of structs, maps, and an always-null
 * column. Timestamps carry microsecond resolution at most (what every target store keeps).
 */
public final class AmpTypes {

    private static final String FIXED_SIZE = "connect.fixed.size";
    private static final String PRECISION = "connect.decimal.precision";

    static final Schema FIXED20 = SchemaBuilder.bytes().name("dev.ampconnect.Fixed20").parameter(FIXED_SIZE, "20").optional().build();
    static final Schema FIXED32 = SchemaBuilder.bytes().name("dev.ampconnect.Fixed32").parameter(FIXED_SIZE, "32").optional().build();
    static final Schema UINT64 = Decimal.builder(0).parameter(PRECISION, "20").optional().build();
    static final Schema DECIMAL128 = Decimal.builder(0).parameter(PRECISION, "38").optional().build();
    static final Schema DECIMAL256 = Decimal.builder(0).parameter(PRECISION, "76").optional().build();
    static final Schema SCALED = Decimal.builder(6).parameter(PRECISION, "18").optional().build();
    static final Schema NANOS = SchemaBuilder.int64().name("dev.ampconnect.TimestampNanos").optional().build();
    static final Schema ACCESS = SchemaBuilder.struct().name("dev.ampconnect.stream.types.Value.access_list_item").optional()
            .field("address", FIXED20)
            .field("storage_keys", SchemaBuilder.array(FIXED32).optional().build())
            .build();
    static final Schema INNER = SchemaBuilder.struct().name("dev.ampconnect.stream.types.Value.inner").optional()
            .field("n", Schema.OPTIONAL_INT64_SCHEMA)
            .field("label", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    /** The value schema: {@code id} plus one column per type. */
    public static final Schema SCHEMA = SchemaBuilder.struct().name("dev.ampconnect.stream.types.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("i8", Schema.OPTIONAL_INT8_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("i32", Schema.OPTIONAL_INT32_SCHEMA)
            .field("i64", Schema.OPTIONAL_INT64_SCHEMA)
            .field("u8", Schema.OPTIONAL_INT16_SCHEMA)
            .field("u16", Schema.OPTIONAL_INT32_SCHEMA)
            .field("u32", Schema.OPTIONAL_INT64_SCHEMA)
            .field("u64", UINT64)
            .field("f32", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("address", FIXED20)
            .field("hash", FIXED32)
            .field("d128", DECIMAL128)
            .field("d256", DECIMAL256)
            .field("scaled", SCALED)
            .field("ts", Timestamp.builder().optional().build())
            .field("ts_ns", NANOS)
            .field("day", Date.builder().optional().build())
            .field("time_of_day", Time.builder().optional().build())
            .field("numbers", SchemaBuilder.array(Schema.OPTIONAL_INT64_SCHEMA).optional().build())
            .field("access_list", SchemaBuilder.array(ACCESS).optional().build())
            .field("inner", INNER)
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA).optional().build())
            .field("always_null", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private AmpTypes() {
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Three rows: extremes, the other extremes, and all nulls. */
    public static List<Struct> rows() {
        return rows(true);
    }

    /**
     * Three rows: extremes, the other extremes, and nulls; with {@code nullNested} false the third row holds empty
     * lists and maps and a struct of nulls instead of NULL in those columns ({@link SinkProbe#storesNullNestedValues}).
     */
    public static List<Struct> rows(boolean nullNested) {
        Map<String, Long> labels = new LinkedHashMap<>();
        labels.put("gas", 21_000L);
        labels.put("none", null);
        Struct first = new Struct(SCHEMA)
                .put("id", 1L)
                .put("flag", true)
                .put("i8", Byte.MIN_VALUE)
                .put("i16", Short.MIN_VALUE)
                .put("i32", Integer.MIN_VALUE)
                .put("i64", Long.MIN_VALUE)
                .put("u8", (short) 255)
                .put("u16", 65_535)
                .put("u32", 4_294_967_295L)
                .put("u64", new BigDecimal("18446744073709551615"))
                .put("f32", 3.4028235e38f)
                .put("f64", -1.7976931348623157e308)
                .put("text", "Grüße, 世界 \"quoted\" \\ tab\t")
                .put("raw", new byte[] {0, 1, (byte) 0xff, 0x7f})
                .put("address", filled(20, 0xab))
                .put("hash", filled(32, 0x01))
                .put("d128", new BigDecimal("9".repeat(38)))
                .put("d256", new BigDecimal("-" + "9".repeat(76)))
                .put("scaled", new BigDecimal("-123456789012.000001"))
                .put("ts", new java.util.Date(-86_400_000L * 365 + 123))
                .put("ts_ns", 1_700_000_000_123_456_000L)
                .put("day", new java.util.Date(-86_400_000L * 10))
                .put("time_of_day", new java.util.Date(86_399_999L))
                .put("numbers", Arrays.asList(Long.MAX_VALUE, null, 0L))
                .put("access_list", List.of(new Struct(ACCESS).put("address", filled(20, 0x11))
                        .put("storage_keys", List.of(filled(32, 0x22), filled(32, 0x33)))))
                .put("inner", new Struct(INNER).put("n", 42L).put("label", "x"))
                .put("labels", labels);
        Struct second = new Struct(SCHEMA)
                .put("id", 2L)
                .put("flag", false)
                .put("i8", Byte.MAX_VALUE)
                .put("i16", Short.MAX_VALUE)
                .put("i32", Integer.MAX_VALUE)
                .put("i64", Long.MAX_VALUE)
                .put("u8", (short) 0)
                .put("u16", 0)
                .put("u32", 0L)
                .put("u64", BigDecimal.ZERO)
                .put("f32", -0.5f)
                .put("f64", Double.NaN)
                .put("text", "")
                .put("raw", new byte[0])
                .put("address", filled(20, 0))
                .put("hash", filled(32, 0xff))
                .put("d128", new BigDecimal("-1"))
                .put("d256", new BigDecimal("1" + "0".repeat(75)))
                .put("scaled", new BigDecimal("0.000001"))
                .put("ts", new java.util.Date(1_700_000_000_999L))
                .put("ts_ns", -1_000L)
                .put("day", new java.util.Date(86_400_000L * 20_000))
                .put("time_of_day", new java.util.Date(0L))
                .put("numbers", List.of())
                .put("access_list", List.of())
                .put("inner", new Struct(INNER))
                .put("labels", Map.of());
        Struct nulls = new Struct(SCHEMA).put("id", 3L);
        if (!nullNested) {
            nulls.put("numbers", List.of()).put("access_list", List.of()).put("inner", new Struct(INNER)).put("labels", Map.of());
        }
        return List.of(first, second, nulls);
    }
}
