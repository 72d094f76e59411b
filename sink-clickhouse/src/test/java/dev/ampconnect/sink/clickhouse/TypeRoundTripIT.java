package dev.ampconnect.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampconnect.common.sink.batch.ColumnarBatch;
import dev.ampconnect.testsupport.clickhouse.ClickHouseDatabase;
import dev.ampconnect.testsupport.clickhouse.ClickHouseExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
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
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.complex.impl.UnionMapWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Arrow column kind an amp stream can carry goes through the real engine: the table is auto-created
 * from the batch ({@link ChTypeMapping}), the rows are inserted as RowBinary, and each value read back (as
 * ClickHouse prints it) equals what was written. Three rows: extremes, empties, and NULLs where the column
 * can hold them.
 */
class TypeRoundTripIT {

    @RegisterExtension
    static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    private static final BigInteger UINT64_MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

    private static BufferAllocator allocator;
    private static ChClient client;

    @BeforeAll
    static void connect(ClickHouseDatabase db) {
        allocator = new RootAllocator();
        client = ChClient.connect(db.url(), db.user(), db.password(), db.name());
    }

    @AfterAll
    static void close() {
        client.close();
        allocator.close();
    }

    /** Column -> (type in ClickHouse, the three values as {@code toString(column)} prints them). */
    private static final Map<String, Expected> EXPECTED = new LinkedHashMap<>();

    private record Expected(String type, String select, List<String> values) {
    }

    private static void expect(String column, String type, String select, String... values) {
        EXPECTED.put(column, new Expected(type, select, java.util.Arrays.asList(values)));
    }

    static {
        expect("flag", "Nullable(Bool)", "toString", "true", "false", null);
        expect("i8", "Int8", "toString", "-128", "127", "0");
        expect("i16", "Int16", "toString", "-32768", "32767", "0");
        expect("i32", "Int32", "toString", "-2147483648", "2147483647", "0");
        expect("i64", "Int64", "toString", "-9223372036854775808", "9223372036854775807", "0");
        expect("u8", "UInt8", "toString", "255", "0", "1");
        expect("u16", "UInt16", "toString", "65535", "0", "1");
        expect("u32", "UInt32", "toString", "4294967295", "0", "1");
        expect("u64", "UInt64", "toString", UINT64_MAX.toString(), "0", "9223372036854775808");
        expect("f32", "Float32", "toString", "1.5", "-0", "inf");
        expect("f64", "Nullable(Float64)", "toString", "-2.25", "1e-300", null);
        expect("text", "Nullable(String)", "toString", "héllo \t wörld", "", null);
        expect("large_text", "String", "toString", "large", "", "x");
        expect("bytes", "String", "hex", "00FF10", "", "61");
        expect("hash", "FixedString(4)", "hex", "DEADBEEF", "00000000", "FFFFFFFF");
        expect("amount", "Decimal(38, 2)", "toString", "123456789012345678901234567890123456.78", "-0.01", "0");
        expect("small_amount", "Decimal(9, 3)", "toString", "999999.999", "-999999.999", "0");
        expect("wei", "Decimal(76, 0)", "toString", "1" + "0".repeat(74) + "1", "-1", "0");
        expect("ts_ns", "DateTime64(9, 'UTC')", "toString",
                "2023-11-14 22:13:20.123456789", "1970-01-01 00:00:00.000000000", "2262-04-11 23:47:16.854775807");
        expect("ts_ms", "Nullable(DateTime64(3, 'UTC'))", "toString", "2023-11-14 22:13:20.123", null, "1969-12-31 23:59:59.999");
        expect("day", "Date32", "toString", "2022-01-08", "1970-01-01", "1900-01-01");
        expect("day_millis", "Date32", "toString", "2022-01-08", "1970-01-01", "2299-12-31");
        expect("time_of_day", "Int64", "toString", "86399999999999", "0", "1");
        expect("numbers", "Array(Nullable(Int32))", "toString", "[1,NULL,3]", "[]", "[7]");
        expect("pair", "Tuple(\n    a Int64,\n    b Nullable(String))", "toString", "(5,'x')", "(-1,NULL)", "(0,'')");
        expect("attributes", "Map(String, Int64)", "toString", "{'k':1,'l':2}", "{}", "{'z':-3}");
        expect("nothing", "Nullable(String)", "toString", null, null, null);
    }

    @Test
    void everyArrowTypeRoundTripsThroughTheEngine(ClickHouseDatabase db) throws Exception {
        ChTableCatalog catalog = new ChTableCatalog(client, ChTableLayout.defaults(), true, true);
        try (ColumnarBatch batch = TestBatches.amp(everyType(), allocator, 1, 3)) {
            ChTable table = catalog.ensure("every_type", batch);
            assertEquals(3, new ChInserter(client).insert("every_type", RowBinaryBatch.of(table, batch), 3, "every-type-1"));
        }

        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, String> row : db.query("SELECT name, type FROM system.columns WHERE database = currentDatabase()"
                + " AND table = 'every_type' ORDER BY position")) {
            types.put(row.get("name"), row.get("type"));
        }
        for (Map.Entry<String, Expected> column : EXPECTED.entrySet()) {
            String name = column.getKey();
            Expected expected = column.getValue();
            assertEquals(ChType.parse(expected.type()), ChType.parse(types.get(name)), "type of column " + name);
            List<String> actual = new ArrayList<>();
            for (Map<String, String> row : db.query("SELECT " + expected.select() + "(" + ChIdentifiers.quote(name)
                    + ") AS v FROM every_type ORDER BY _amp_batch_seq, rowNumberInAllBlocks()")) {
                actual.add(row.get("v"));
            }
            assertEquals(expected.values(), actual, "values of column " + name);
        }
        assertEquals("UInt64", types.get("_amp_batch_seq"));
        assertEquals("String", types.get("_amp_batch_id"));
        assertEquals(List.of("b1", "b1", "b1"), db.query("SELECT _amp_batch_id FROM every_type").stream()
                .map(row -> row.get("_amp_batch_id")).toList());
    }

    private static VectorSchemaRoot everyType() {
        List<Field> fields = List.of(
                field("flag", true, ArrowType.Bool.INSTANCE),
                field("i8", false, new ArrowType.Int(8, true)),
                field("i16", false, new ArrowType.Int(16, true)),
                field("i32", false, new ArrowType.Int(32, true)),
                field("i64", false, new ArrowType.Int(64, true)),
                field("u8", false, new ArrowType.Int(8, false)),
                field("u16", false, new ArrowType.Int(16, false)),
                field("u32", false, new ArrowType.Int(32, false)),
                field("u64", false, new ArrowType.Int(64, false)),
                field("f32", false, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                field("f64", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("text", true, ArrowType.Utf8.INSTANCE),
                field("large_text", false, ArrowType.LargeUtf8.INSTANCE),
                field("bytes", false, ArrowType.Binary.INSTANCE),
                field("hash", false, new ArrowType.FixedSizeBinary(4)),
                field("amount", false, new ArrowType.Decimal(38, 2, 128)),
                field("small_amount", false, new ArrowType.Decimal(9, 3, 128)),
                field("wei", false, new ArrowType.Decimal(76, 0, 256)),
                field("ts_ns", false, new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+00:00")),
                field("ts_ms", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                field("day", false, new ArrowType.Date(DateUnit.DAY)),
                field("day_millis", false, new ArrowType.Date(DateUnit.MILLISECOND)),
                field("time_of_day", false, new ArrowType.Time(TimeUnit.NANOSECOND, 64)),
                new Field("numbers", FieldType.notNullable(ArrowType.List.INSTANCE),
                        List.of(field("item", true, new ArrowType.Int(32, true)))),
                new Field("pair", FieldType.nullable(ArrowType.Struct.INSTANCE),
                        List.of(field("a", false, new ArrowType.Int(64, true)), field("b", true, ArrowType.Utf8.INSTANCE))),
                new Field("attributes", FieldType.notNullable(new ArrowType.Map(false)), List.of(
                        new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                                field("key", false, ArrowType.Utf8.INSTANCE),
                                field("value", false, new ArrowType.Int(64, true)))))),
                field("nothing", true, ArrowType.Null.INSTANCE));
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
        root.allocateNew();

        BitVector flag = (BitVector) root.getVector("flag");
        flag.set(0, 1);
        flag.set(1, 0);
        flag.setNull(2);
        set3((TinyIntVector) root.getVector("i8"), -128, 127, 0);
        SmallIntVector i16 = (SmallIntVector) root.getVector("i16");
        i16.set(0, -32768);
        i16.set(1, 32767);
        i16.set(2, 0);
        IntVector i32 = (IntVector) root.getVector("i32");
        i32.set(0, Integer.MIN_VALUE);
        i32.set(1, Integer.MAX_VALUE);
        i32.set(2, 0);
        BigIntVector i64 = (BigIntVector) root.getVector("i64");
        i64.set(0, Long.MIN_VALUE);
        i64.set(1, Long.MAX_VALUE);
        i64.set(2, 0);
        UInt1Vector u8 = (UInt1Vector) root.getVector("u8");
        u8.set(0, 255);
        u8.set(1, 0);
        u8.set(2, 1);
        UInt2Vector u16 = (UInt2Vector) root.getVector("u16");
        u16.set(0, 65535);
        u16.set(1, 0);
        u16.set(2, 1);
        UInt4Vector u32 = (UInt4Vector) root.getVector("u32");
        u32.set(0, -1);
        u32.set(1, 0);
        u32.set(2, 1);
        UInt8Vector u64 = (UInt8Vector) root.getVector("u64");
        u64.set(0, -1L);
        u64.set(1, 0);
        u64.set(2, Long.MIN_VALUE);
        Float4Vector f32 = (Float4Vector) root.getVector("f32");
        f32.set(0, 1.5f);
        f32.set(1, -0.0f);
        f32.set(2, Float.POSITIVE_INFINITY);
        Float8Vector f64 = (Float8Vector) root.getVector("f64");
        f64.set(0, -2.25);
        f64.set(1, 1e-300);
        f64.setNull(2);
        VarCharVector text = (VarCharVector) root.getVector("text");
        text.setSafe(0, "héllo \t wörld".getBytes(StandardCharsets.UTF_8));
        text.setSafe(1, new byte[0]);
        text.setNull(2);
        LargeVarCharVector largeText = (LargeVarCharVector) root.getVector("large_text");
        largeText.setSafe(0, "large".getBytes(StandardCharsets.UTF_8));
        largeText.setSafe(1, new byte[0]);
        largeText.setSafe(2, "x".getBytes(StandardCharsets.UTF_8));
        VarBinaryVector bytes = (VarBinaryVector) root.getVector("bytes");
        bytes.setSafe(0, new byte[] {0, (byte) 0xff, 0x10});
        bytes.setSafe(1, new byte[0]);
        bytes.setSafe(2, new byte[] {'a'});
        FixedSizeBinaryVector hash = (FixedSizeBinaryVector) root.getVector("hash");
        hash.set(0, new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
        hash.set(1, new byte[4]);
        hash.set(2, new byte[] {-1, -1, -1, -1});
        DecimalVector amount = (DecimalVector) root.getVector("amount");
        amount.set(0, new BigDecimal("123456789012345678901234567890123456.78"));
        amount.set(1, new BigDecimal("-0.01"));
        amount.set(2, new BigDecimal("0.00"));
        DecimalVector small = (DecimalVector) root.getVector("small_amount");
        small.set(0, new BigDecimal("999999.999"));
        small.set(1, new BigDecimal("-999999.999"));
        small.set(2, new BigDecimal("0.000"));
        Decimal256Vector wei = (Decimal256Vector) root.getVector("wei");
        wei.set(0, new BigDecimal(BigInteger.TEN.pow(75).add(BigInteger.ONE)));
        wei.set(1, new BigDecimal("-1"));
        wei.set(2, BigDecimal.ZERO);
        TimeStampNanoTZVector tsNs = (TimeStampNanoTZVector) root.getVector("ts_ns");
        tsNs.set(0, 1_700_000_000_123_456_789L);
        tsNs.set(1, 0);
        tsNs.set(2, Long.MAX_VALUE);
        TimeStampMilliVector tsMs = (TimeStampMilliVector) root.getVector("ts_ms");
        tsMs.set(0, 1_700_000_000_123L);
        tsMs.setNull(1);
        tsMs.set(2, -1);
        DateDayVector day = (DateDayVector) root.getVector("day");
        day.set(0, 19_000);
        day.set(1, 0);
        day.set(2, (int) java.time.LocalDate.of(1900, 1, 1).toEpochDay());
        DateMilliVector dayMillis = (DateMilliVector) root.getVector("day_millis");
        dayMillis.set(0, 19_000L * 86_400_000L);
        dayMillis.set(1, 0);
        dayMillis.set(2, java.time.LocalDate.of(2299, 12, 31).toEpochDay() * 86_400_000L);
        TimeNanoVector time = (TimeNanoVector) root.getVector("time_of_day");
        time.set(0, 86_399_999_999_999L);
        time.set(1, 0);
        time.set(2, 1);

        UnionListWriter numbers = ((ListVector) root.getVector("numbers")).getWriter();
        numbers.setPosition(0);
        numbers.startList();
        numbers.integer().writeInt(1);
        numbers.integer().writeNull();
        numbers.integer().writeInt(3);
        numbers.endList();
        numbers.setPosition(1);
        numbers.startList();
        numbers.endList();
        numbers.setPosition(2);
        numbers.startList();
        numbers.integer().writeInt(7);
        numbers.endList();

        StructVector pair = (StructVector) root.getVector("pair");
        BigIntVector a = (BigIntVector) pair.getChild("a");
        VarCharVector b = (VarCharVector) pair.getChild("b");
        a.setSafe(0, 5);
        b.setSafe(0, "x".getBytes(StandardCharsets.UTF_8));
        a.setSafe(1, -1);
        b.setNull(1);
        a.setSafe(2, 0);
        b.setSafe(2, new byte[0]);
        for (int row = 0; row < 3; row++) {
            pair.setIndexDefined(row);
        }

        UnionMapWriter attributes = ((MapVector) root.getVector("attributes")).getWriter();
        writeMap(attributes, 0, Map.of("k", 1L, "l", 2L));
        writeMap(attributes, 1, Map.of());
        writeMap(attributes, 2, Map.of("z", -3L));

        NullVector nothing = (NullVector) root.getVector("nothing");
        nothing.setValueCount(3);
        for (var vector : root.getFieldVectors()) {
            vector.setValueCount(3);
        }
        root.setRowCount(3);
        return root;
    }

    private static void writeMap(UnionMapWriter writer, int row, Map<String, Long> entries) {
        writer.setPosition(row);
        writer.startMap();
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            writer.startEntry();
            byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
            try (var buffer = allocator.buffer(key.length)) {
                buffer.setBytes(0, key);
                writer.key().varChar().writeVarChar(0, key.length, buffer);
            }
            writer.value().bigInt().writeBigInt(entry.getValue());
            writer.endEntry();
        });
        writer.endMap();
    }

    private static void set3(TinyIntVector vector, int first, int second, int third) {
        vector.set(0, first);
        vector.set(1, second);
        vector.set(2, third);
    }

    private static Field field(String name, boolean nullable, ArrowType type) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }
}
