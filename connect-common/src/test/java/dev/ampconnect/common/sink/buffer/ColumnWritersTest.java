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
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The column writers' direct writes: they follow a vector that other code reallocated, leave skipped slots empty,
 * copy ByteBuffers of every kind from their position, write decimals byte for byte as Arrow's own setter does on both
 * sides of the long fast path, reject decimals that do not fit naming the column, and keep float bits.
 */
class ColumnWritersTest {

    private final BufferAllocator allocator = new RootAllocator();
    private final List<FieldVector> vectors = new ArrayList<>();

    @AfterEach
    void close() {
        vectors.forEach(FieldVector::close);
        // fails when a buffer was not released
        allocator.close();
    }

    private FieldVector vector(Schema schema, int capacity) {
        FieldVector vector = ConnectArrowSchema.field("c", schema).createVector(allocator);
        vectors.add(vector);
        vector.setInitialCapacity(capacity);
        vector.allocateNew();
        return vector;
    }

    @Test
    void aWriterFollowsItsVectorWhenOtherCodeReallocatesIt() {
        BigIntVector longs = (BigIntVector) vector(Schema.OPTIONAL_INT64_SCHEMA, 4);
        VarCharVector strings = (VarCharVector) vector(Schema.OPTIONAL_STRING_SCHEMA, 4);
        ConnectColumnWriter longWriter = ConnectColumnWriter.of(Schema.OPTIONAL_INT64_SCHEMA, longs, "c");
        ConnectColumnWriter stringWriter = ConnectColumnWriter.of(Schema.OPTIONAL_STRING_SCHEMA, strings, "c");
        for (int i = 0; i < 3; i++) {
            longWriter.write(i, (long) i);
            stringWriter.write(i, "s" + i);
        }
        ArrowBuf oldLongs = longs.getDataBuffer();
        ArrowBuf oldStrings = strings.getDataBuffer();
        // other code grows the vectors: their old buffers are released
        longs.reAlloc();
        strings.reAlloc();
        strings.reallocDataBuffer();
        assertTrue(oldLongs != longs.getDataBuffer() && oldStrings != strings.getDataBuffer());
        for (int i = 3; i < 40; i++) {
            longWriter.write(i, i % 5 == 0 ? null : (Object) (long) i);
            stringWriter.write(i, i % 5 == 0 ? null : "s" + i);
        }
        longs.setValueCount(40);
        strings.setValueCount(40);
        for (int i = 0; i < 40; i++) {
            assertEquals(i % 5 == 0 && i >= 3 ? null : (Object) (long) i, longs.getObject(i));
            assertEquals(i % 5 == 0 && i >= 3 ? null : "s" + i, strings.isNull(i) ? null : strings.getObject(i).toString());
        }
    }

    @Test
    void skippedVariableWidthSlotsBecomeEmptyAndRewrittenSlotsTakeTheNewValue() {
        VarCharVector strings = (VarCharVector) vector(Schema.OPTIONAL_STRING_SCHEMA, 2);
        ConnectColumnWriter writer = ConnectColumnWriter.of(Schema.OPTIONAL_STRING_SCHEMA, strings, "c");
        writer.write(0, "first");
        writer.write(1, "a value of a row that failed later");
        writer.write(1, "b");
        writer.write(5, "sixth");
        writer.write(6, null);
        strings.setValueCount(7);
        assertEquals("first", strings.getObject(0).toString());
        assertEquals("b", strings.getObject(1).toString());
        for (int i = 2; i < 5; i++) {
            assertEquals(0, strings.getValueLength(i), "slot " + i);
            assertTrue(strings.isNull(i));
        }
        assertEquals("sixth", strings.getObject(5).toString());
        assertTrue(strings.isNull(6));
        assertEquals(0, strings.getValueLength(6));
    }

    @Test
    void byteBuffersOfEveryKindAreCopiedFromTheirPositionWithoutMovingIt() {
        Schema fixed = SchemaBuilder.bytes().name("f").parameter(AmpSchemaNames.FIXED_SIZE, "20").build();
        FixedSizeBinaryVector fixedVector = (FixedSizeBinaryVector) vector(fixed, 1);
        VarBinaryVector binary = (VarBinaryVector) vector(Schema.BYTES_SCHEMA, 1);
        ConnectColumnWriter fixedWriter = ConnectColumnWriter.of(fixed, fixedVector, "f");
        ConnectColumnWriter binaryWriter = ConnectColumnWriter.of(Schema.BYTES_SCHEMA, binary, "b");
        byte[] source = new byte[100];
        for (int i = 0; i < source.length; i++) {
            source[i] = (byte) (i * 13 + 1);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(100).put(source).position(7);
        List<ByteBuffer> buffers = List.of(
                ByteBuffer.wrap(source, 5, 20),                    // heap, position 5
                ByteBuffer.wrap(source).position(30).slice(),      // heap slice, array offset 30
                direct.duplicate().limit(27),                      // direct, position 7
                ByteBuffer.wrap(source, 40, 20).asReadOnlyBuffer()); // no accessible array
        for (int i = 0; i < buffers.size(); i++) {
            ByteBuffer buffer = buffers.get(i);
            int position = buffer.position();
            ByteBuffer fixedInput = buffer.duplicate().limit(position + 20);
            fixedWriter.write(i, fixedInput);
            binaryWriter.write(i, buffer);
            assertEquals(position, buffer.position());
            byte[] expected = new byte[buffer.remaining()];
            buffer.duplicate().get(expected);
            binary.setValueCount(i + 1);
            fixedVector.setValueCount(i + 1);
            assertArrayEquals(expected, binary.get(i), "buffer " + i);
            assertArrayEquals(java.util.Arrays.copyOf(expected, 20), fixedVector.get(i), "buffer " + i);
        }
        DataException wrongSize = assertThrows(DataException.class, () -> fixedWriter.write(9, ByteBuffer.wrap(source, 0, 19)));
        assertTrue(wrongSize.getMessage().contains("column f: expected 20 bytes"), wrongSize.getMessage());
        // long values (beyond the word-wise copy) and lengths that are not a multiple of 8
        for (int length : new int[] {0, 1, 3, 7, 8, 12, 63, 64, 65, 100}) {
            binaryWriter.write(10 + length, java.util.Arrays.copyOf(source, length));
            binary.setValueCount(11 + length);
            assertArrayEquals(java.util.Arrays.copyOf(source, length), binary.get(10 + length), "length " + length);
        }
    }

    @Test
    void decimalsAreWrittenByteForByteAsArrowsOwnSetterWritesThem() {
        List<BigDecimal> values = new ArrayList<>();
        for (String text : new String[] {"0", "1", "-1", "999999999999999999", "-999999999999999999",
            "1000000000000000000", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "18446744073709551615", "-18446744073709551615"}) {
            values.add(new BigDecimal(text));
            // as JsonConverter builds them: from the unscaled bytes
            values.add(new BigDecimal(new BigInteger(new BigDecimal(text).unscaledValue().toByteArray()), 0));
        }
        assertDecimalsAsArrow(20, 0, values);
        assertDecimalsAsArrow(76, 0, values);
        List<BigDecimal> scaled = new ArrayList<>();
        for (BigDecimal value : values) {
            scaled.add(value.movePointLeft(9));
        }
        scaled.add(new BigDecimal("-0.5"));
        scaled.add(new BigDecimal("12345678901234567890123456789.123456789"));
        assertDecimalsAsArrow(38, 9, scaled);
        assertDecimalsAsArrow(76, 9, scaled);
    }

    private void assertDecimalsAsArrow(int precision, int scale, List<BigDecimal> values) {
        Schema schema = Decimal.builder(scale).parameter(AmpSchemaNames.DECIMAL_PRECISION, Integer.toString(precision)).build();
        BaseFixedWidthVector actual = (BaseFixedWidthVector) vector(schema, 1);
        BaseFixedWidthVector expected = (BaseFixedWidthVector) vector(schema, 1);
        ConnectColumnWriter writer = ConnectColumnWriter.of(schema, actual, "d");
        for (int i = 0; i < values.size(); i++) {
            writer.write(i, values.get(i));
            BigDecimal exact = values.get(i).setScale(scale);
            if (expected instanceof org.apache.arrow.vector.DecimalVector v) {
                v.setSafe(i, exact);
            } else {
                ((org.apache.arrow.vector.Decimal256Vector) expected).setSafe(i, exact);
            }
        }
        int width = actual.getTypeWidth();
        for (int i = 0; i < values.size(); i++) {
            byte[] want = new byte[width];
            byte[] got = new byte[width];
            expected.getDataBuffer().getBytes((long) i * width, want);
            actual.getDataBuffer().getBytes((long) i * width, got);
            assertArrayEquals(want, got, "DECIMAL(" + precision + "," + scale + ") " + values.get(i));
            assertEquals(values.get(i).setScale(scale), actual.getObject(i));
        }
    }

    @Test
    void decimalsThatDoNotFitAreRejectedNamingTheColumn() {
        Schema schema = Decimal.builder(2).parameter(AmpSchemaNames.DECIMAL_PRECISION, "5").build();
        ConnectColumnWriter writer = ConnectColumnWriter.of(schema, vector(schema, 1), "price");
        writer.write(0, new BigDecimal("999.99"));
        writer.write(1, new BigDecimal("-1.5"));
        DataException tooWide = assertThrows(DataException.class, () -> writer.write(2, new BigDecimal("1000.00")));
        assertEquals("column price: decimal 1000.00 does not fit DECIMAL(5,2)", tooWide.getMessage());
        DataException inexact = assertThrows(DataException.class, () -> writer.write(2, new BigDecimal("1.005")));
        assertEquals("column price: decimal 1.005 has scale 3, the column DECIMAL(5,2) cannot hold it exactly",
                inexact.getMessage());
        DataException notDecimal = assertThrows(DataException.class, () -> writer.write(2, "1.00"));
        assertTrue(notDecimal.getMessage().startsWith("column price: cannot write value 1.00 (String)"), notDecimal.getMessage());
    }

    @Test
    void floatsKeepTheirBits() {
        Float4Vector floats = (Float4Vector) vector(Schema.FLOAT32_SCHEMA, 1);
        Float8Vector doubles = (Float8Vector) vector(Schema.FLOAT64_SCHEMA, 1);
        ConnectColumnWriter floatWriter = ConnectColumnWriter.of(Schema.FLOAT32_SCHEMA, floats, "f");
        ConnectColumnWriter doubleWriter = ConnectColumnWriter.of(Schema.FLOAT64_SCHEMA, doubles, "d");
        float[] floatValues = {Float.NaN, Float.intBitsToFloat(0x7fc00123), -0.0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 1.25f};
        double[] doubleValues = {Double.NaN, Double.longBitsToDouble(0x7ff8000000000abcL), -0.0, Double.MAX_VALUE, 2.5};
        for (int i = 0; i < floatValues.length; i++) {
            floatWriter.write(i, floatValues[i]);
        }
        for (int i = 0; i < doubleValues.length; i++) {
            doubleWriter.write(i, doubleValues[i]);
        }
        for (int i = 0; i < floatValues.length; i++) {
            assertEquals(Float.floatToRawIntBits(floatValues[i]), floats.getDataBuffer().getInt(4L * i));
        }
        for (int i = 0; i < doubleValues.length; i++) {
            assertEquals(Double.doubleToRawLongBits(doubleValues[i]), doubles.getDataBuffer().getLong(8L * i));
        }
    }

    @Test
    void stringsAreWrittenAsUtf8() {
        VarCharVector strings = (VarCharVector) vector(Schema.STRING_SCHEMA, 1);
        ConnectColumnWriter writer = ConnectColumnWriter.of(Schema.STRING_SCHEMA, strings, "s");
        List<String> values = List.of("", "ascii", "Grüße", "日本語", "emoji \uD83D\uDE00", "x".repeat(10_000));
        for (int i = 0; i < values.size(); i++) {
            writer.write(i, values.get(i));
        }
        strings.setValueCount(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(values.get(i), new String(strings.get(i), StandardCharsets.UTF_8));
        }
    }
}
