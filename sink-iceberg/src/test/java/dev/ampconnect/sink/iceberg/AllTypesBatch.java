package dev.ampconnect.sink.iceberg;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;

/**
 * A batch with a column of every amp/Arrow type the sink maps, three rows (typical values, extremes, nulls),
 * and the values Iceberg's generic reader must return for each, per format version.
 */
final class AllTypesBatch {

    static final String UTC = "UTC";
    static final BigDecimal UINT64_MAX = new BigDecimal(new BigInteger("18446744073709551615"));
    static final BigDecimal WIDE = new BigDecimal("-" + "1234567890".repeat(7) + "123456");
    static final long TS_SECONDS = 1_700_000_000L;
    static final int ROWS = 3;

    private AllTypesBatch() {
    }

    static Schema schema() {
        return new Schema(List.of(
                field("block_num", false, new ArrowType.Int(64, true)),
                field("i8", true, new ArrowType.Int(8, true)),
                field("i16", true, new ArrowType.Int(16, true)),
                field("i32", true, new ArrowType.Int(32, true)),
                field("u8", true, new ArrowType.Int(8, false)),
                field("u16", true, new ArrowType.Int(16, false)),
                field("u32", true, new ArrowType.Int(32, false)),
                field("u64", true, new ArrowType.Int(64, false)),
                field("f32", true, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                field("f64", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("flag", true, ArrowType.Bool.INSTANCE),
                field("text", true, ArrowType.Utf8.INSTANCE),
                field("large_text", true, ArrowType.LargeUtf8.INSTANCE),
                field("bin", true, ArrowType.Binary.INSTANCE),
                field("tx_hash", true, new ArrowType.FixedSizeBinary(32)),
                field("dec_small", true, new ArrowType.Decimal(10, 2, 128)),
                field("dec38", true, new ArrowType.Decimal(38, 0, 128)),
                field("dec256_small", true, new ArrowType.Decimal(30, 3, 256)),
                field("dec76", true, new ArrowType.Decimal(76, 0, 256)),
                field("ts_s", true, new ArrowType.Timestamp(TimeUnit.SECOND, UTC)),
                field("ts_ms", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, UTC)),
                field("ts_us_local", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("ts_ns", true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, UTC)),
                field("day", true, new ArrowType.Date(DateUnit.DAY)),
                field("tod", true, new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
                new Field("tags", FieldType.nullable(ArrowType.List.INSTANCE),
                        List.of(field("item", true, ArrowType.Utf8.INSTANCE))),
                new Field("pair", FieldType.nullable(ArrowType.Struct.INSTANCE),
                        List.of(field("a", true, new ArrowType.Int(64, true)), field("b", true, ArrowType.Utf8.INSTANCE))),
                new Field("attrs", FieldType.nullable(new ArrowType.Map(false)),
                        List.of(new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                                List.of(field("key", false, ArrowType.Utf8.INSTANCE),
                                        field("value", true, new ArrowType.Int(64, true)))))),
                field("_amp_batch_id", false, ArrowType.Utf8.INSTANCE)));
    }

    private static Field field(String name, boolean nullable, ArrowType type) {
        return new Field(name, nullable ? FieldType.nullable(type) : FieldType.notNullable(type), null);
    }

    /**
     * The batch; {@code nanosWithSubMicros}: whether {@code ts_ns} carries sub-microsecond digits (only format
     * version 3 can hold them).
     */
    static VectorSchemaRoot create(BufferAllocator allocator, boolean nanosWithSubMicros) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
        root.allocateNew();
        for (int row = 0; row < ROWS; row++) {
            boolean nulls = row == 2;
            ((BigIntVector) root.getVector("block_num")).setSafe(row, 100 + row);
            ((TinyIntVector) root.getVector("i8")).setSafe(row, row == 1 ? Byte.MIN_VALUE : 7);
            ((SmallIntVector) root.getVector("i16")).setSafe(row, row == 1 ? Short.MAX_VALUE : -300);
            ((IntVector) root.getVector("i32")).setSafe(row, row == 1 ? Integer.MIN_VALUE : 42);
            ((UInt1Vector) root.getVector("u8")).setSafe(row, row == 1 ? (byte) 0xFF : 5);
            ((UInt2Vector) root.getVector("u16")).setSafe(row, row == 1 ? (char) 0xFFFF : 6);
            ((UInt4Vector) root.getVector("u32")).setSafe(row, row == 1 ? 0xFFFFFFFF : 7);
            ((UInt8Vector) root.getVector("u64")).setSafe(row, row == 1 ? -1L : 8L);
            ((Float4Vector) root.getVector("f32")).setSafe(row, row == 1 ? Float.MAX_VALUE : 1.5f);
            ((Float8Vector) root.getVector("f64")).setSafe(row, row == 1 ? -Double.MAX_VALUE : 2.25);
            ((BitVector) root.getVector("flag")).setSafe(row, row == 1 ? 0 : 1);
            ((VarCharVector) root.getVector("text")).setSafe(row, utf8(row == 1 ? "ünïcødé ✓" : "hello"));
            ((LargeVarCharVector) root.getVector("large_text")).setSafe(row, utf8("large " + row));
            ((VarBinaryVector) root.getVector("bin")).setSafe(row, new byte[] {0, (byte) row, (byte) 0xFF});
            ((FixedSizeBinaryVector) root.getVector("tx_hash")).setSafe(row, hash(row));
            ((DecimalVector) root.getVector("dec_small")).setSafe(row, new BigDecimal(row == 1 ? "-99999999.99" : "12.34"));
            ((DecimalVector) root.getVector("dec38")).setSafe(row, row == 1 ? new BigDecimal("-" + "9".repeat(38))
                    : new BigDecimal("123456789012345678901234567890"));
            ((Decimal256Vector) root.getVector("dec256_small")).setSafe(row, new BigDecimal(row == 1 ? "-1.001" : "123456789.123"));
            ((Decimal256Vector) root.getVector("dec76")).setSafe(row, row == 1 ? WIDE : new BigDecimal("7"));
            ((TimeStampVector) root.getVector("ts_s")).setSafe(row, TS_SECONDS + row);
            ((TimeStampVector) root.getVector("ts_ms")).setSafe(row, TS_SECONDS * 1000 + 123);
            ((TimeStampVector) root.getVector("ts_us_local")).setSafe(row, TS_SECONDS * 1_000_000 + 456);
            ((TimeStampVector) root.getVector("ts_ns")).setSafe(row, tsNanos(nanosWithSubMicros));
            ((DateDayVector) root.getVector("day")).setSafe(row, 19_000 + row);
            ((TimeMilliVector) root.getVector("tod")).setSafe(row, 3_723_004);
            ListVector tags = (ListVector) root.getVector("tags");
            int offset = tags.startNewValue(row);
            VarCharVector items = (VarCharVector) tags.getDataVector();
            items.setSafe(offset, utf8("a" + row));
            items.setNull(offset + 1);
            items.setSafe(offset + 2, utf8("c"));
            tags.endValue(row, 3);
            StructVector pair = (StructVector) root.getVector("pair");
            ((BigIntVector) pair.getChild("a")).setSafe(row, 10L * row);
            ((VarCharVector) pair.getChild("b")).setSafe(row, utf8("b" + row));
            pair.setIndexDefined(row);
            MapVector attrs = (MapVector) root.getVector("attrs");
            int entry = attrs.startNewValue(row);
            StructVector entries = (StructVector) attrs.getDataVector();
            ((VarCharVector) entries.getChild("key")).setSafe(entry, utf8("k1"));
            ((BigIntVector) entries.getChild("value")).setSafe(entry, 1L);
            entries.setIndexDefined(entry);
            ((VarCharVector) entries.getChild("key")).setSafe(entry + 1, utf8("k2"));
            ((BigIntVector) entries.getChild("value")).setNull(entry + 1);
            entries.setIndexDefined(entry + 1);
            attrs.endValue(row, 2);
            ((VarCharVector) root.getVector("_amp_batch_id")).setSafe(row, utf8("batch-" + row));
            if (nulls) {
                for (FieldVector vector : root.getFieldVectors()) {
                    if (vector.getField().isNullable()) {
                        vector.setNull(row);
                    }
                }
            }
        }
        root.setRowCount(ROWS);
        return root;
    }

    static long tsNanos(boolean subMicros) {
        return TS_SECONDS * 1_000_000_000L + (subMicros ? 123_456_789 : 123_456_000);
    }

    static byte[] hash(int row) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            bytes[i] = (byte) (row * 31 + i);
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What Iceberg's generic reader returns for every column of {@code row} (null for null cells). */
    static Map<String, Object> expected(int row, boolean nanosType, boolean subMicros) {
        Map<String, Object> values = new LinkedHashMap<>();
        boolean nulls = row == 2;
        values.put("block_num", 100L + row);
        values.put("i8", row == 1 ? (int) Byte.MIN_VALUE : 7);
        values.put("i16", row == 1 ? (int) Short.MAX_VALUE : -300);
        values.put("i32", row == 1 ? Integer.MIN_VALUE : 42);
        values.put("u8", row == 1 ? 255 : 5);
        values.put("u16", row == 1 ? 65535 : 6);
        values.put("u32", row == 1 ? 4_294_967_295L : 7L);
        values.put("u64", row == 1 ? UINT64_MAX : new BigDecimal(8));
        values.put("f32", row == 1 ? Float.MAX_VALUE : 1.5f);
        values.put("f64", row == 1 ? -Double.MAX_VALUE : 2.25);
        values.put("flag", row != 1);
        values.put("text", row == 1 ? "ünïcødé ✓" : "hello");
        values.put("large_text", "large " + row);
        values.put("bin", ByteBuffer.wrap(new byte[] {0, (byte) row, (byte) 0xFF}));
        values.put("tx_hash", hash(row));
        values.put("dec_small", new BigDecimal(row == 1 ? "-99999999.99" : "12.34"));
        values.put("dec38", row == 1 ? new BigDecimal("-" + "9".repeat(38)) : new BigDecimal("123456789012345678901234567890"));
        values.put("dec256_small", new BigDecimal(row == 1 ? "-1.001" : "123456789.123"));
        values.put("dec76", row == 1 ? WIDE.toPlainString() : "7");
        values.put("ts_s", OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(TS_SECONDS + row), ZoneOffset.UTC));
        values.put("ts_ms", OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(TS_SECONDS, 123_000_000), ZoneOffset.UTC));
        values.put("ts_us_local", LocalDateTime.ofEpochSecond(TS_SECONDS, 456_000, ZoneOffset.UTC));
        values.put("ts_ns", OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(TS_SECONDS,
                tsNanos(subMicros) % 1_000_000_000L), ZoneOffset.UTC));
        values.put("day", LocalDate.ofEpochDay(19_000 + row));
        values.put("tod", LocalTime.ofNanoOfDay(3_723_004_000_000L));
        List<Object> tags = new ArrayList<>();
        tags.add("a" + row);
        tags.add(null);
        tags.add("c");
        values.put("tags", tags);
        values.put("pair", List.of(10L * row, "b" + row));
        Map<Object, Object> attrs = new LinkedHashMap<>();
        attrs.put("k1", 1L);
        attrs.put("k2", null);
        values.put("attrs", attrs);
        values.put("_amp_batch_id", "batch-" + row);
        if (nulls) {
            values.replaceAll((column, value) -> column.equals("block_num") || column.equals("_amp_batch_id") ? value : null);
        }
        return values;
    }

    /** A generic value in the comparable form {@link #expected} uses. */
    static Object comparable(Object value) {
        if (value instanceof GenericRecord struct) {
            List<Object> fields = new ArrayList<>();
            for (int i = 0; i < struct.size(); i++) {
                fields.add(comparable(struct.get(i)));
            }
            return fields;
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(comparable(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(comparable(k), comparable(v)));
            return out;
        }
        return value;
    }

    /** The Iceberg type each column must get. */
    static Map<String, String> expectedTypes(int formatVersion) {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("block_num", "long");
        types.put("i8", "int");
        types.put("i16", "int");
        types.put("i32", "int");
        types.put("u8", "int");
        types.put("u16", "int");
        types.put("u32", "long");
        types.put("u64", "decimal(20, 0)");
        types.put("f32", "float");
        types.put("f64", "double");
        types.put("flag", "boolean");
        types.put("text", "string");
        types.put("large_text", "string");
        types.put("bin", "binary");
        types.put("tx_hash", "fixed[32]");
        types.put("dec_small", "decimal(10, 2)");
        types.put("dec38", "decimal(38, 0)");
        types.put("dec256_small", "decimal(30, 3)");
        types.put("dec76", "string");
        types.put("ts_s", "timestamptz");
        types.put("ts_ms", "timestamptz");
        types.put("ts_us_local", "timestamp");
        types.put("ts_ns", formatVersion >= 3 ? Types.TimestampNanoType.withZone().toString() : "timestamptz");
        types.put("day", "date");
        types.put("tod", "time");
        types.put("tags", "list<string>");
        types.put("pair", "struct<");
        types.put("attrs", "map<string, long>");
        types.put("_amp_batch_id", "string");
        return types;
    }
}
