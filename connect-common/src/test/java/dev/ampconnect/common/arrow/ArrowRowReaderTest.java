package dev.ampconnect.common.arrow;

import static dev.ampconnect.common.arrow.ArrowFields.*;
import static dev.ampconnect.common.arrow.ConnectValues.assertDeepEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.contract.AmpHeaders;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrowRowReaderTest {

    private static final String NAME = "dev.ampconnect.stream.test.Value";
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void noArrowMemoryIsLeft() {
        assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory still allocated");
        allocator.close();
    }

    /** The values of a single column {@code c} of the given field, read with {@code options}. */
    private List<Object> read(ArrowConversionOptions options, Field field, Object... values) {
        org.apache.arrow.vector.types.pojo.Schema arrow = schema(field);
        Schema connect = new ArrowSchemaMapper(options).structSchema(arrow, NAME);
        List<Object[]> rows = new ArrayList<>();
        for (Object value : values) {
            rows.add(new Object[] {value});
        }
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, arrow, rows)) {
            return new ArrowRowReader(arrow, connect).bind(root).rows().stream()
                    .map(row -> row.get(field.getName())).toList();
        }
    }

    private List<Object> read(Field field, Object... values) {
        return read(ArrowConversionOptions.DEFAULTS, field, values);
    }

    private ArrowConversionException readFails(ArrowConversionOptions options, Field field, Object... values) {
        return assertThrows(ArrowConversionException.class, () -> read(options, field, values));
    }

    @Test
    void booleansAndSignedIntegersKeepTheirValues() {
        assertEquals(Arrays.asList(true, false, null), read(nullable("c", BOOL), true, false, null));
        assertEquals(List.of(Byte.MIN_VALUE, Byte.MAX_VALUE), read(required("c", INT8), -128, 127));
        assertEquals(List.of(Short.MIN_VALUE, Short.MAX_VALUE), read(required("c", INT16), -32768, 32767));
        assertEquals(List.of(Integer.MIN_VALUE, Integer.MAX_VALUE), read(required("c", INT32), Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(List.of(Long.MIN_VALUE, Long.MAX_VALUE), read(required("c", INT64), Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void unsignedMaximaAreExactInTheWiderType() {
        assertEquals(List.of((short) 0, (short) 255), read(required("c", UINT8), 0, 255));
        assertEquals(List.of(0, 65535), read(required("c", UINT16), 0, 65535));
        assertEquals(List.of(0L, 4294967295L), read(required("c", UINT32), 0L, 4294967295L));
    }

    @Test
    void uint64ValuesAboveInt64MaxStayExactAsDecimals() {
        BigInteger max = new BigInteger("18446744073709551615");
        BigInteger twoTo63 = BigInteger.ONE.shiftLeft(63);
        List<Object> values = read(nullable("c", UINT64), 0L, 21_000_000L, Long.MAX_VALUE, twoTo63, max, null);
        assertEquals(Arrays.asList(new BigDecimal("0"), new BigDecimal("21000000"), new BigDecimal("9223372036854775807"),
                new BigDecimal("9223372036854775808"), new BigDecimal("18446744073709551615"), null), values);
        assertEquals(0, ((BigDecimal) values.get(4)).scale());
    }

    @Test
    void uint64InInt64ModeFailsAboveInt64MaxNamingColumnAndRowInsteadOfWrapping() {
        ArrowConversionOptions int64 = ArrowConversionOptions.DEFAULTS.withUint64Mode(Uint64Mode.INT64);
        assertEquals(List.of(0L, Long.MAX_VALUE), read(int64, required("gas_used", UINT64), 0L, Long.MAX_VALUE));

        ArrowConversionException e = readFails(int64, required("gas_used", UINT64), 1L, 2L,
                new BigInteger("18446744073709551615"));
        assertTrue(e.getMessage().contains("column 'gas_used' row 2"), e.getMessage());
        assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
        assertTrue(e.getMessage().contains("uint64.mode=decimal"), e.getMessage());
    }

    @Test
    void floatsKeepTheirValues() {
        assertEquals(List.of(1.5f, -0.25f), read(required("c", FLOAT16), 1.5f, -0.25f));
        assertEquals(List.of(3.25f, Float.MAX_VALUE), read(required("c", FLOAT32), 3.25f, Float.MAX_VALUE));
        assertEquals(Arrays.asList(Math.PI, null), read(nullable("c", FLOAT64), Math.PI, null));
    }

    @Test
    void stringsOfEveryLayoutDecodeAsUtf8() {
        String long100 = "x".repeat(100) + "→";
        List<Object> expected = Arrays.asList("", "transfer(address,uint256)", "Grüße ⛓ 🦀", long100, null);
        for (ArrowType type : List.of(UTF8, LARGE_UTF8, UTF8_VIEW)) {
            assertEquals(expected, read(nullable("c", type), expected.toArray()), type.toString());
        }
    }

    @Test
    void binariesOfEveryLayoutAreByteArrays() {
        byte[] input = hex("a9059cbb000000000000000000000000d8da6bf26964af9d7eed9e03e53415d37aa96045");
        for (ArrowType type : List.of(BINARY, LARGE_BINARY, BINARY_VIEW)) {
            List<Object> values = read(nullable("c", type), new byte[0], input, null);
            assertArrayEquals(new byte[0], (byte[]) values.get(0));
            assertArrayEquals(input, (byte[]) values.get(1));
            assertNull(values.get(2));
        }
    }

    @Test
    void fixedSizeBinaryIsAByteArrayOfExactlyItsSize() {
        byte[] address = hex("d8da6bf26964af9d7eed9e03e53415d37aa96045");
        byte[] hash = hex("88e96d4537bea4d9c05d12549907b32561d3bf31f45aae734cdc119f13406cb6");
        byte[] value20 = (byte[]) read(required("miner", FIXED20), (Object) address).get(0);
        byte[] value32 = (byte[]) read(required("hash", FIXED32), (Object) hash).get(0);
        assertEquals(20, value20.length);
        assertArrayEquals(address, value20);
        assertEquals(32, value32.length);
        assertArrayEquals(hash, value32);
    }

    @Test
    void decimal128KeepsSignScaleAndAll38Digits() {
        BigDecimal max38 = new BigDecimal("9".repeat(38));
        List<Object> values = read(nullable("gas_price", DECIMAL128_38_0),
                BigDecimal.ZERO, new BigDecimal("-1"), new BigDecimal("25000000000"),
                new BigDecimal(Long.MIN_VALUE), new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE),
                max38, max38.negate(), null);
        assertEquals(Arrays.asList(BigDecimal.ZERO, new BigDecimal("-1"), new BigDecimal("25000000000"),
                new BigDecimal("-9223372036854775808"), new BigDecimal("9223372036854775808"),
                max38, max38.negate(), null), values);

        List<Object> scaled = read(required("price", decimal(12, 4, 128)), new BigDecimal("-1234.5678"), new BigDecimal("0.0001"));
        assertEquals(List.of(new BigDecimal("-1234.5678"), new BigDecimal("0.0001")), scaled);
        assertEquals(4, ((BigDecimal) scaled.get(1)).scale());
    }

    @Test
    void decimal256KeepsA76DigitValue() {
        BigDecimal digits76 = new BigDecimal("1234567890".repeat(7) + "123456");
        assertEquals(76, digits76.precision());
        List<Object> values = read(required("amount", DECIMAL256_76_0), digits76, digits76.negate(),
                new BigDecimal("-42"), new BigDecimal(BigInteger.ONE.shiftLeft(64)));
        assertEquals(List.of(digits76, digits76.negate(), new BigDecimal("-42"), new BigDecimal("18446744073709551616")), values);

        assertEquals(List.of(new BigDecimal("-0.000000000000000001")),
                read(required("wei_in_eth", decimal(76, 18, 256)), new BigDecimal("-0.000000000000000001")));
    }

    @Test
    void nanosecondTimestampsOfWholeSecondsAreExactConnectTimestamps() {
        long blockTime = 1_700_000_000L;
        List<Object> values = read(nullable("timestamp", TIMESTAMP_NS_UTC), blockTime * NANOS_PER_SECOND, 0L, null);
        assertEquals(Arrays.asList(new java.util.Date(blockTime * 1000), new java.util.Date(0), null), values);
    }

    @Test
    void timestampsOfEveryUnitAreConvertedToMilliseconds() {
        java.util.Date expected = new java.util.Date(1_700_000_000_123L);
        assertEquals(List.of(new java.util.Date(1_700_000_000_000L)),
                read(required("t", timestamp(TimeUnit.SECOND, null)), 1_700_000_000L));
        assertEquals(List.of(expected, new java.util.Date(-1500)),
                read(required("t", timestamp(TimeUnit.MILLISECOND, "UTC")), 1_700_000_000_123L, -1500L));
        assertEquals(List.of(expected), read(required("t", timestamp(TimeUnit.MICROSECOND, "UTC")), 1_700_000_000_123_000L));
        assertEquals(List.of(expected), read(required("t", TIMESTAMP_NS_UTC), 1_700_000_000_123_000_000L));
    }

    @Test
    void aTimestampWithSubMillisecondDigitsFailsNamingColumnAndRow() {
        ArrowConversionException e = readFails(ArrowConversionOptions.DEFAULTS, required("timestamp", TIMESTAMP_NS_UTC),
                1_700_000_000L * NANOS_PER_SECOND, 1_700_000_000_000_000_001L);
        assertTrue(e.getMessage().contains("column 'timestamp' row 1"), e.getMessage());
        assertTrue(e.getMessage().contains("sub-millisecond"), e.getMessage());
        assertTrue(e.getMessage().contains("timestamp.mode=nanos"), e.getMessage());

        ArrowConversionException micros = readFails(ArrowConversionOptions.DEFAULTS,
                required("t", timestamp(TimeUnit.MICROSECOND, null)), -1L);
        assertTrue(micros.getMessage().contains("column 't' row 0"), micros.getMessage());
    }

    @Test
    void timestampsInNanosModeAreExactNanosecondsOfEveryUnit() {
        ArrowConversionOptions nanos = ArrowConversionOptions.DEFAULTS.withTimestampMode(TimestampMode.NANOS);
        assertEquals(List.of(1_700_000_000_000_000_001L),
                read(nanos, required("t", TIMESTAMP_NS_UTC), 1_700_000_000_000_000_001L));
        assertEquals(List.of(1_700_000_000_000_001_000L),
                read(nanos, required("t", timestamp(TimeUnit.MICROSECOND, null)), 1_700_000_000_000_001L));
        assertEquals(List.of(1_700_000_000_000_000_000L),
                read(nanos, required("t", timestamp(TimeUnit.SECOND, null)), 1_700_000_000L));
        ArrowConversionException e = readFails(nanos, required("t", timestamp(TimeUnit.SECOND, null)), Long.MAX_VALUE / 10);
        assertTrue(e.getMessage().contains("column 't' row 0"), e.getMessage());
    }

    @Test
    void datesAndTimesAreConnectDatesAndTimes() {
        long day = 19_675L;
        assertEquals(List.of(new java.util.Date(day * 86_400_000L)), read(required("d", DATE32), (int) day));
        assertEquals(List.of(new java.util.Date(day * 86_400_000L)), read(required("d", DATE64), day * 86_400_000L));
        ArrowConversionException notMidnight = readFails(ArrowConversionOptions.DEFAULTS, required("d", DATE64), 1L);
        assertTrue(notMidnight.getMessage().contains("column 'd' row 0"), notMidnight.getMessage());

        java.util.Date noonAndABit = new java.util.Date(12 * 3_600_000L + 5);
        assertEquals(List.of(new java.util.Date(12 * 3_600_000L)), read(required("t", time(TimeUnit.SECOND)), 12 * 3600));
        assertEquals(List.of(noonAndABit), read(required("t", time(TimeUnit.MILLISECOND)), 12 * 3_600_000 + 5));
        assertEquals(List.of(noonAndABit), read(required("t", time(TimeUnit.MICROSECOND)), (12 * 3_600_000L + 5) * 1000));
        assertEquals(List.of(noonAndABit), read(required("t", time(TimeUnit.NANOSECOND)), (12 * 3_600_000L + 5) * 1_000_000));
        ArrowConversionException subMilli = readFails(ArrowConversionOptions.DEFAULTS,
                required("t", time(TimeUnit.NANOSECOND)), 1L);
        assertTrue(subMilli.getMessage().contains("column 't' row 0"), subMilli.getMessage());
    }

    @Test
    void aListOfStructsReadsLikeAnEvmAccessList() {
        Field accessList = listOf("access_list", true, required("item", STRUCT,
                required("address", FIXED20),
                listOf("storage_keys", false, required("item", FIXED32))));
        byte[] a1 = filled(20, 1);
        byte[] a2 = filled(20, 2);
        byte[] k1 = filled(32, 0x11);
        byte[] k2 = filled(32, 0x22);
        List<Object> values = read(accessList,
                List.of(struct("address", a1, "storage_keys", List.of(k1, k2)),
                        struct("address", a2, "storage_keys", List.of())),
                List.of(),
                null);

        List<?> first = (List<?>) values.get(0);
        assertEquals(2, first.size());
        Struct entry = (Struct) first.get(0);
        assertEquals("dev.ampconnect.stream.test.Value.access_list_item", entry.schema().name());
        assertArrayEquals(a1, entry.getBytes("address"));
        List<?> keys = entry.getArray("storage_keys");
        assertEquals(2, keys.size());
        assertArrayEquals(k1, (byte[]) keys.get(0));
        assertArrayEquals(k2, (byte[]) keys.get(1));
        assertArrayEquals(a2, ((Struct) first.get(1)).getBytes("address"));
        assertEquals(List.of(), ((Struct) first.get(1)).getArray("storage_keys"));
        assertEquals(List.of(), values.get(1));
        assertNull(values.get(2));
    }

    @Test
    void largeAndFixedSizeListsReadTheirElements() {
        Field large = new Field("l", new org.apache.arrow.vector.types.pojo.FieldType(true, LARGE_LIST, null),
                List.of(nullable("item", UINT64)));
        assertEquals(Arrays.asList(Arrays.asList(new BigDecimal("18446744073709551615"), null), null),
                read(large, Arrays.asList(new BigInteger("18446744073709551615"), null), null));

        Field fixed = new Field("xy", new org.apache.arrow.vector.types.pojo.FieldType(true, fixedSizeList(2), null),
                List.of(required("item", INT32)));
        assertEquals(Arrays.asList(List.of(1, 2), null, List.of(5, 6)),
                read(fixed, List.of(1, 2), null, List.of(5, 6)));
    }

    @Test
    void nestedStructsAndNullStructsRead() {
        Field dec = nullable("dec", STRUCT, required("from", FIXED20), nullable("value", UTF8));
        List<Object> values = read(dec, struct("from", filled(20, 9), "value", "115792089237316195423570985008687907853269984665640564039457584007913129639935"), null);
        Struct first = (Struct) values.get(0);
        assertEquals("dev.ampconnect.stream.test.Value.dec", first.schema().name());
        assertArrayEquals(filled(20, 9), first.getBytes("from"));
        assertEquals("115792089237316195423570985008687907853269984665640564039457584007913129639935", first.getString("value"));
        assertNull(values.get(1));
    }

    @Test
    void mapsReadAsJavaMaps() {
        Map<Object, Object> labels = new LinkedHashMap<>();
        labels.put("a", 1L);
        labels.put("b", null);
        List<Object> values = read(mapOf("labels", true, UTF8, nullable("value", INT64)), labels, null);
        assertEquals(Arrays.asList(labels, null), values);
    }

    @Test
    void theNullTypeIsAlwaysNull() {
        assertEquals(Arrays.asList(null, null), read(nullable("nothing", NULL), null, null));
    }

    @Test
    void everyNullableTypeReadsNulls() {
        List<ArrowType> types = List.of(BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64,
                FLOAT16, FLOAT32, FLOAT64, UTF8, LARGE_UTF8, UTF8_VIEW, BINARY, LARGE_BINARY, BINARY_VIEW,
                FIXED20, FIXED32, DECIMAL128_38_0, DECIMAL256_76_0, TIMESTAMP_NS_UTC, DATE32, DATE64,
                time(TimeUnit.MILLISECOND), time(TimeUnit.NANOSECOND), STRUCT);
        for (ArrowType type : types) {
            assertEquals(Arrays.asList((Object) null), read(nullable("c", type), (Object) null), type.toString());
        }
    }

    @Test
    void aNullInANonNullableColumnFailsNamingColumnAndRow() {
        ArrowConversionException e = readFails(ArrowConversionOptions.DEFAULTS, required("block_num", UINT64), 1L, null);
        assertTrue(e.getMessage().contains("column 'block_num' row 1"), e.getMessage());
        assertTrue(e.getMessage().contains("non-nullable"), e.getMessage());

        Field nested = required("tx", STRUCT, required("hash", FIXED32));
        ArrowConversionException inner = readFails(ArrowConversionOptions.DEFAULTS, nested, struct("hash", null));
        assertTrue(inner.getMessage().contains("column 'tx.hash' row 0"), inner.getMessage());
    }

    @Test
    void rowsCarryTheBoundBatchIdInTheirLastColumn() {
        org.apache.arrow.vector.types.pojo.Schema arrow = schema(required("block_num", UINT64), required("hash", FIXED32));
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).streamValueSchema(arrow, "blocks");
        ArrowRowReader reader = new ArrowRowReader(arrow, value);
        assertTrue(reader.hasBatchIdColumn());
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, arrow,
                new Object[] {100L, filled(32, 1)}, new Object[] {101L, filled(32, 2)})) {
            List<Struct> rows = reader.bind(root, "c0d68e3658fdcd26").rows();
            assertEquals(2, rows.size());
            for (Struct row : rows) {
                row.validate();
                assertEquals(value, row.schema());
                assertEquals("c0d68e3658fdcd26", row.getString(AmpHeaders.BATCH_ID_COLUMN));
            }
            assertEquals(new BigDecimal(101), rows.get(1).get("block_num"));
            assertThrows(IllegalArgumentException.class, () -> reader.bind(root));
        }
    }

    @Test
    void aRangeOfRowsIsReadInOrder() {
        org.apache.arrow.vector.types.pojo.Schema arrow = schema(required("n", INT32));
        Schema value = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).structSchema(arrow, NAME);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new Object[] {i * 10});
        }
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, arrow, rows)) {
            ArrowRowReader.Rows bound = new ArrowRowReader(arrow, value).bind(root);
            assertEquals(10, bound.rowCount());
            assertEquals(List.of(30, 40, 50), bound.rows(3, 6).stream().map(s -> s.get("n")).toList());
            assertEquals(70, bound.row(7).get("n"));
            assertThrows(IndexOutOfBoundsException.class, () -> bound.row(10));
            assertThrows(IndexOutOfBoundsException.class, () -> bound.rows(8, 11));
        }
    }

    @Test
    void oneReaderReadsEveryBatchOfItsSchema() {
        org.apache.arrow.vector.types.pojo.Schema arrow = schema(nullable("s", UTF8), required("n", UINT64));
        ArrowRowReader reader = new ArrowRowReader(arrow,
                new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).structSchema(arrow, NAME));
        try (VectorSchemaRoot first = ArrowBatchBuilder.build(allocator, arrow, new Object[] {"a", 1L});
             VectorSchemaRoot second = ArrowBatchBuilder.build(allocator, arrow, new Object[] {null, 2L}, new Object[] {"c", 3L})) {
            assertEquals("a", reader.bind(first).row(0).get("s"));
            ArrowRowReader.Rows rows = reader.bind(second);
            assertNull(rows.row(0).get("s"));
            assertEquals("c", rows.row(1).get("s"));
            assertEquals(new BigDecimal(3), rows.row(1).get("n"));
        }
    }

    @Test
    void aReaderRefusesAConnectSchemaThatIsNotTheMappingOfItsArrowSchema() {
        org.apache.arrow.vector.types.pojo.Schema arrow = schema(required("block_num", UINT64));
        Schema wrong = org.apache.kafka.connect.data.SchemaBuilder.struct().name(NAME)
                .field("block_num", Schema.STRING_SCHEMA).build();
        ArrowConversionException e = assertThrows(ArrowConversionException.class, () -> new ArrowRowReader(arrow, wrong));
        assertTrue(e.getMessage().contains("column 'block_num'"), e.getMessage());
        assertTrue(e.getMessage().contains("uint64"), e.getMessage());

        Schema renamed = org.apache.kafka.connect.data.SchemaBuilder.struct().name(NAME)
                .field("number", Schema.INT64_SCHEMA).build();
        assertThrows(ArrowConversionException.class, () -> new ArrowRowReader(arrow, renamed));

        Schema requiredForNullable = new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS)
                .structSchema(schema(required("block_num", UINT64)), NAME);
        assertThrows(ArrowConversionException.class,
                () -> new ArrowRowReader(schema(nullable("block_num", UINT64)), requiredForNullable));
    }

    @Test
    void bindingABatchOfAnotherSchemaFails() {
        org.apache.arrow.vector.types.pojo.Schema arrow = schema(required("n", UINT64));
        org.apache.arrow.vector.types.pojo.Schema other = schema(required("n", UTF8));
        ArrowRowReader reader = new ArrowRowReader(arrow,
                new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).structSchema(arrow, NAME));
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, other, new Object[] {"x"})) {
            ArrowConversionException e = assertThrows(ArrowConversionException.class, () -> reader.bind(root));
            assertTrue(e.getMessage().contains("differs"), e.getMessage());
        }
    }

    @Test
    void listElementNamesMayDifferBetweenTheReaderSchemaAndTheBatch() {
        org.apache.arrow.vector.types.pojo.Schema arrow = schema(listOf("topics", false, required("item", FIXED32)));
        org.apache.arrow.vector.types.pojo.Schema otherProducer = schema(listOf("topics", false, required("element", FIXED32)));
        ArrowRowReader reader = new ArrowRowReader(arrow,
                new ArrowSchemaMapper(ArrowConversionOptions.DEFAULTS).structSchema(arrow, NAME));
        try (VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, otherProducer, new Object[] {List.of(filled(32, 7))})) {
            List<?> topics = reader.bind(root).row(0).getArray("topics");
            assertArrayEquals(filled(32, 7), (byte[]) topics.get(0));
        }
    }

    static Map<String, Object> struct(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    @Test
    void assertDeepEqualsComparesNestedBytesByContent() {
        assertDeepEquals(List.of(filled(2, 1)), List.of(filled(2, 1)));
    }
}
