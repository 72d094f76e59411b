package dev.ampconnect.common.sink.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.sink.batch.AmpSchemaNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
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
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rows appended one Struct at a time land in their vectors exactly as Arrow's own setters write the same values:
 * from a capacity of one row (every vector grows many times), with nulls in every nullable column, nested lists of
 * structs of lists, maps and structs of structs, rows that fail half-way, and rows copied out and appended to again.
 */
class ConvertedRowsTest {

    private static final int ROWS = 5_000;
    private static final Schema FIXED20 = SchemaBuilder.bytes().name("dev.ampconnect.Fixed20")
            .parameter(AmpSchemaNames.FIXED_SIZE, "20").optional().build();
    private static final Schema REQUIRED_FIXED20 = SchemaBuilder.bytes().name("dev.ampconnect.Fixed20")
            .parameter(AmpSchemaNames.FIXED_SIZE, "20").build();
    private static final Schema UINT64 = Decimal.builder(0).parameter(AmpSchemaNames.DECIMAL_PRECISION, "20").optional().build();
    private static final Schema PRICE = Decimal.builder(9).parameter(AmpSchemaNames.DECIMAL_PRECISION, "38").optional().build();
    private static final Schema U256 = Decimal.builder(0).parameter(AmpSchemaNames.DECIMAL_PRECISION, "76").optional().build();
    private static final Schema NANOS = SchemaBuilder.int64().name(AmpSchemaNames.TIMESTAMP_NANOS).optional().build();
    private static final Schema ENTRY = SchemaBuilder.struct().name("entry")
            .field("address", REQUIRED_FIXED20)
            .field("slots", SchemaBuilder.array(Schema.INT64_SCHEMA).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema INNER = SchemaBuilder.struct().name("inner")
            .field("x", Schema.INT32_SCHEMA).field("y", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
    private static final Schema OUTER = SchemaBuilder.struct().name("outer")
            .field("inner", INNER).field("z", Schema.OPTIONAL_INT64_SCHEMA).optional().build();
    private static final Schema ROW = SchemaBuilder.struct().name("dev.ampconnect.stream.all.Value")
            .field("i8", Schema.OPTIONAL_INT8_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("i32", Schema.OPTIONAL_INT32_SCHEMA)
            .field("i64", Schema.OPTIONAL_INT64_SCHEMA)
            .field("f32", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("input", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("from", FIXED20)
            .field("block_num", UINT64)
            .field("price", PRICE)
            .field("value", U256)
            .field("ts", Timestamp.builder().optional().build())
            .field("ts_ns", NANOS)
            .field("day", Date.builder().optional().build())
            .field("time", Time.builder().optional().build())
            .field("entries", SchemaBuilder.array(ENTRY).optional().build())
            .field("labels", SchemaBuilder.map(Schema.STRING_SCHEMA, UINT64).optional().build())
            .field("outer", OUTER)
            .build();

    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        // fails when a vector was not released
        allocator.close();
    }

    private static byte[] bytes(int seed, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7);
        }
        return bytes;
    }

    /** Row {@code n}: every nullable column null when {@code n % 7 == 3}; values that exercise each writer's branches. */
    private static Struct row(int n) {
        Struct row = new Struct(ROW);
        if (n % 7 == 3) {
            return row;
        }
        List<Struct> entries = new ArrayList<>();
        for (int e = 0; e < n % 4; e++) {
            List<Long> slots = new ArrayList<>();
            for (int s = 0; s < (n + e) % 3; s++) {
                slots.add((long) n * 1_000 + s);
            }
            entries.add(new Struct(ENTRY).put("address", bytes(n + e, 20)).put("slots", slots)
                    .put("note", e % 2 == 0 ? null : "note " + n + "/" + e));
        }
        Map<String, BigDecimal> labels = new LinkedHashMap<>();
        for (int l = 0; l < n % 3; l++) {
            labels.put("k" + l, l == 1 ? null : BigDecimal.valueOf(n * 10L + l));
        }
        return row
                .put("i8", (byte) n)
                .put("i16", (short) (n * 3))
                .put("i32", n * 1_000_003)
                .put("i64", n * 10_000_000_019L)
                .put("f32", n % 11 == 0 ? Float.NaN : n / 3f)
                .put("f64", n % 13 == 0 ? -0.0 : n / 7.0)
                .put("flag", n % 2 == 0)
                .put("text", n % 5 == 0 ? "" : "ü-" + "x".repeat(n % 40) + n)
                .put("input", n % 3 == 0 ? ByteBuffer.wrap(bytes(n, 50 + n % 9), 3, 40 + n % 5) : bytes(n, n % 70))
                .put("from", n % 2 == 0 ? bytes(n, 20) : ByteBuffer.wrap(bytes(n, 20)))
                // around 10^18 (the long fast path's limit) and 2^64 - 1
                .put("block_num", n % 10 == 1 ? new BigDecimal("18446744073709551615").subtract(BigDecimal.valueOf(n))
                        : BigDecimal.valueOf(999_999_999_999_999_000L + n))
                // negative, inflated (as JsonConverter builds them), rescaled from fewer decimals
                .put("price", n % 4 == 0 ? new BigDecimal(BigInteger.valueOf(-n * 1_000_000_007L), 9)
                        : n % 4 == 1 ? new BigDecimal("1.5").add(BigDecimal.valueOf(n))
                        : new BigDecimal(BigInteger.TEN.pow(28).add(BigInteger.valueOf(n)), 9))
                .put("value", n % 6 == 0 ? new BigDecimal(BigInteger.TWO.pow(250).subtract(BigInteger.valueOf(n)))
                        : BigDecimal.valueOf(-n))
                .put("ts", new java.util.Date(1_700_000_000_000L + n))
                .put("ts_ns", 1_700_000_000_000_000_000L + n)
                .put("day", new java.util.Date((19_000L + n) * 86_400_000L))
                .put("time", new java.util.Date(n * 1_000L % 86_400_000L))
                .put("entries", entries)
                .put("labels", labels)
                .put("outer", n % 5 == 2 ? null : new Struct(OUTER)
                        .put("inner", n % 5 == 4 ? null : new Struct(INNER).put("x", n).put("y", n % 2 == 0 ? null : "y" + n))
                        .put("z", (long) -n));
    }

    private ConvertedRows append(int count, int initialCapacity) {
        ConvertedRows rows = new ConvertedRows(ROW, false, allocator, initialCapacity);
        for (int n = 0; n < count; n++) {
            rows.append(row(n), null);
        }
        return rows;
    }

    @Test
    void everyScalarColumnHoldsWhatArrowsOwnSettersWriteWhileTheVectorsGrowFromOneRow() {
        try (ConvertedRows rows = append(ROWS, 1); VectorSchemaRoot root = rows.finish()) {
            assertEquals(ROWS, root.getRowCount());
            assertScalarsAsArrowWritesThem(root, n -> n);
        }
    }

    @Test
    void nestedListsStructsAndMapsHoldEveryElement() {
        try (ConvertedRows rows = append(ROWS, 1); VectorSchemaRoot root = rows.finish()) {
            assertNestedValues(root, n -> n);
        }
    }

    @Test
    void aRowThatFailsHalfWayIsOverwrittenByTheNextOne() {
        try (ConvertedRows rows = new ConvertedRows(ROW, false, allocator, 2)) {
            for (int n = 0; n < ROWS; n++) {
                if (n % 97 == 5) {
                    // every column before "value" is written, then the row fails
                    Struct bad = row(n + 1).put("value", new BigDecimal("1" + "0".repeat(80)));
                    DataException error = assertThrows(DataException.class, () -> rows.append(bad, null));
                    assertTrue(error.getMessage().contains("column value"), error.getMessage());
                    assertEquals(n, rows.rows());
                }
                rows.append(row(n), null);
            }
            // the last row fails too: it is not part of the rows handed over
            Struct bad = row(3).put("day", new java.util.Date(1));
            assertThrows(DataException.class, () -> rows.append(bad, null));
            try (VectorSchemaRoot root = rows.finish()) {
                assertEquals(ROWS, root.getRowCount());
                assertScalarsAsArrowWritesThem(root, n -> n);
                assertNestedValues(root, n -> n);
            }
        }
    }

    @Test
    void rowsCopiedOutKeepTheirValuesAndBothCopiesTakeMoreRows() {
        try (ConvertedRows rows = append(1_000, 16)) {
            try (ConvertedRows odd = rows.copy(row -> row % 2 == 1); ConvertedRows even = rows.copy(row -> row % 2 == 0)) {
                // each copy continues after its copied rows, with vectors the copy filled and sized
                for (int n = 1_000; n < 3_000; n++) {
                    (n % 2 == 1 ? odd : even).append(row(n), null);
                }
                try (VectorSchemaRoot root = odd.finish()) {
                    assertEquals(1_500, root.getRowCount());
                    assertScalarsAsArrowWritesThem(root, i -> 2 * i + 1);
                    assertNestedValues(root, i -> 2 * i + 1);
                }
                try (VectorSchemaRoot root = even.finish()) {
                    assertScalarsAsArrowWritesThem(root, i -> 2 * i);
                    assertNestedValues(root, i -> 2 * i);
                }
            }
        }
    }

    @Test
    void ampRowsGetTheirBatchIdFromTheHeaderWhenTheirSchemaLacksIt() {
        Schema plain = SchemaBuilder.struct().name("v").field("n", Schema.INT64_SCHEMA).build();
        try (ConvertedRows rows = new ConvertedRows(plain, true, allocator, 1)) {
            for (int n = 0; n < 300; n++) {
                rows.append(new Struct(plain).put("n", (long) n), "batch-" + n / 100);
            }
            try (VectorSchemaRoot root = rows.finish()) {
                VarCharVector batchIds = (VarCharVector) root.getVector("_amp_batch_id");
                for (int n = 0; n < 300; n++) {
                    assertEquals("batch-" + n / 100, new String(batchIds.get(n), StandardCharsets.UTF_8));
                    assertEquals(n, ((BigIntVector) root.getVector("n")).get(n));
                }
            }
        }
    }

    /** Which input row row {@code i} of the vectors holds. */
    private interface Source {
        int rowOf(int i);
    }

    /** Each scalar column equals a vector of its type filled with Arrow's own {@code setSafe} from the same values. */
    private void assertScalarsAsArrowWritesThem(VectorSchemaRoot root, Source source) {
        int count = root.getRowCount();
        for (String column : List.of("i8", "i16", "i32", "i64", "f32", "f64", "flag", "text", "input", "from", "block_num",
                "price", "value", "ts", "ts_ns", "day", "time")) {
            FieldVector actual = root.getVector(column);
            try (FieldVector expected = actual.getField().createVector(allocator)) {
                expected.allocateNew();
                for (int i = 0; i < count; i++) {
                    Object value = row(source.rowOf(i)).get(column);
                    if (value == null) {
                        continue;
                    }
                    setWithArrow(expected, i, value);
                }
                expected.setValueCount(count);
                assertTrue(VectorEqualsVisitor.vectorEquals(expected, actual), "column " + column);
                for (int i = 0; i < count; i++) {
                    assertEquals(row(source.rowOf(i)).get(column) == null, actual.isNull(i), column + " row " + i);
                }
            }
        }
    }

    private static void setWithArrow(FieldVector vector, int i, Object value) {
        if (vector instanceof TinyIntVector v) {
            v.setSafe(i, (Byte) value);
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(i, (Short) value);
        } else if (vector instanceof IntVector v) {
            v.setSafe(i, (Integer) value);
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(i, (Long) value);
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(i, (Float) value);
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(i, (Double) value);
        } else if (vector instanceof BitVector v) {
            v.setSafe(i, (Boolean) value ? 1 : 0);
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(i, plainBytes(value));
        } else if (vector instanceof FixedSizeBinaryVector v) {
            v.setSafe(i, plainBytes(value));
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(i, ((BigDecimal) value).setScale(v.getScale()));
        } else if (vector instanceof Decimal256Vector v) {
            v.setSafe(i, ((BigDecimal) value).setScale(v.getScale()));
        } else if (vector instanceof TimeStampVector v) {
            v.setSafe(i, value instanceof java.util.Date date ? date.getTime() : (Long) value);
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(i, (int) (((java.util.Date) value).getTime() / 86_400_000L));
        } else if (vector instanceof TimeMilliVector v) {
            v.setSafe(i, (int) ((java.util.Date) value).getTime());
        } else {
            throw new AssertionError("no reference setter for " + vector.getClass().getSimpleName());
        }
    }

    private static byte[] plainBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static void assertNestedValues(VectorSchemaRoot root, Source source) {
        ListVector entries = (ListVector) root.getVector("entries");
        StructVector entry = (StructVector) entries.getDataVector();
        FixedSizeBinaryVector address = (FixedSizeBinaryVector) entry.getChild("address");
        ListVector slots = (ListVector) entry.getChild("slots");
        BigIntVector slotValues = (BigIntVector) slots.getDataVector();
        VarCharVector note = (VarCharVector) entry.getChild("note");
        MapVector labels = (MapVector) root.getVector("labels");
        StructVector labelEntries = (StructVector) labels.getDataVector();
        VarCharVector labelKeys = (VarCharVector) labelEntries.getChild(MapVector.KEY_NAME);
        DecimalVector labelValues = (DecimalVector) labelEntries.getChild(MapVector.VALUE_NAME);
        StructVector outer = (StructVector) root.getVector("outer");
        StructVector inner = (StructVector) outer.getChild("inner");
        for (int i = 0; i < root.getRowCount(); i++) {
            Struct row = row(source.rowOf(i));
            String at = "row " + i;
            List<Struct> expectedEntries = row.getArray("entries");
            assertEquals(expectedEntries == null, entries.isNull(i), at);
            if (expectedEntries != null) {
                int start = entries.getElementStartIndex(i);
                assertEquals(expectedEntries.size(), entries.getElementEndIndex(i) - start, at);
                for (int e = 0; e < expectedEntries.size(); e++) {
                    Struct want = expectedEntries.get(e);
                    int slot = start + e;
                    assertArrayEquals((byte[]) want.get("address"), address.get(slot), at);
                    List<Long> wantSlots = want.getArray("slots");
                    int slotStart = slots.getElementStartIndex(slot);
                    assertEquals(wantSlots.size(), slots.getElementEndIndex(slot) - slotStart, at);
                    for (int s = 0; s < wantSlots.size(); s++) {
                        assertEquals(wantSlots.get(s), slotValues.get(slotStart + s), at);
                    }
                    String wantNote = want.getString("note");
                    assertEquals(wantNote, note.isNull(slot) ? null : new String(note.get(slot), StandardCharsets.UTF_8), at);
                }
            }
            Map<String, BigDecimal> expectedLabels = row.getMap("labels");
            assertEquals(expectedLabels == null, labels.isNull(i), at);
            if (expectedLabels != null) {
                int start = labels.getElementStartIndex(i);
                assertEquals(expectedLabels.size(), labels.getElementEndIndex(i) - start, at);
                int k = start;
                for (Map.Entry<String, BigDecimal> label : expectedLabels.entrySet()) {
                    assertEquals(label.getKey(), new String(labelKeys.get(k), StandardCharsets.UTF_8), at);
                    assertEquals(label.getValue(), labelValues.getObject(k), at);
                    k++;
                }
            }
            Struct expectedOuter = row.getStruct("outer");
            assertEquals(expectedOuter == null, outer.isNull(i), at);
            if (expectedOuter != null) {
                assertEquals(expectedOuter.getInt64("z"), ((BigIntVector) outer.getChild("z")).getObject(i), at);
                Struct expectedInner = expectedOuter.getStruct("inner");
                assertEquals(expectedInner == null, inner.isNull(i), at);
                if (expectedInner != null) {
                    assertEquals(expectedInner.getInt32("x"), ((IntVector) inner.getChild("x")).getObject(i), at);
                    VarCharVector y = (VarCharVector) inner.getChild("y");
                    assertEquals(expectedInner.getString("y"), y.isNull(i) ? null : new String(y.get(i), StandardCharsets.UTF_8), at);
                }
            }
        }
    }
}
