package dev.ampconnect.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampconnect.common.arrow.ArrowBatchBuilder;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import dev.ampconnect.sink.redis.RedisSinkConfig.BinaryFormat;
import org.junit.jupiter.api.Test;

/** The text of numbers written straight to bytes is exactly Java's (and BigDecimal's) text. */
class ColumnTextTest {

    @Test
    void digitsAreLongToStringForEveryMagnitudeAndSign() {
        for (long value : new long[] {0, 1, -1, 9, 10, -10, 99, 100, 123_456_789, -987_654_321_012L,
                Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L}) {
            assertEquals(Long.toString(value), new String(ColumnText.digits(value), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void integralDecimalsOnBothSidesOfTheLongFastPathKeepEveryDigit() {
        List<BigDecimal> values = List.of(BigDecimal.ZERO, new BigDecimal("-5"), new BigDecimal(Long.MAX_VALUE),
                new BigDecimal(Long.MIN_VALUE), new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)),
                new BigDecimal(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)),
                new BigDecimal("123456789012345678901234567890"), new BigDecimal("-99999999999999999999999999999999999999"));
        try (BufferAllocator allocator = new RootAllocator();
             DecimalVector vector = new DecimalVector("v", allocator, 38, 0);
             BigIntVector ints = new BigIntVector("i", allocator)) {
            vector.allocateNew(values.size());
            for (int i = 0; i < values.size(); i++) {
                vector.setSafe(i, values.get(i));
            }
            vector.setValueCount(values.size());
            ColumnText text = ColumnText.of(ColumnResolver.resolve(vector.getField()), vector, BinaryFormat.HEX);
            for (int i = 0; i < values.size(); i++) {
                assertEquals(values.get(i).toPlainString(), new String(text.bytes(i), StandardCharsets.US_ASCII), "row " + i);
            }
            ints.allocateNew(1);
            ints.setSafe(0, -42);
            ints.setValueCount(1);
            assertEquals("-42", new String(ColumnText.of(ColumnResolver.resolve(ints.getField()), ints, BinaryFormat.HEX).bytes(0), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theSourcesOwnArrowTypesHaveExactTextAndFloatsKnowTheirNaNs() {
        Schema schema = new Schema(List.of(field("u64", new ArrowType.Int(64, false)),
                field("half", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
                field("single", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                field("view_text", ArrowType.Utf8View.INSTANCE), field("view_bytes", ArrowType.BinaryView.INSTANCE)));
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = ArrowBatchBuilder.build(allocator, schema,
                     new Object[] {BigInteger.TWO.pow(64).subtract(BigInteger.ONE), 1.5f, 0.1f, "h\u00e9", new byte[] {0x0a}},
                     new Object[] {0L, Float.NaN, Float.NaN, "", new byte[0]})) {
            List<ColumnText> texts = root.getFieldVectors().stream().map(ColumnTextTest::text).toList();
            assertEquals(List.of("18446744073709551615", "1.5", "0.1", "h\u00e9", "0x0a"),
                    texts.stream().map(t -> new String(t.bytes(0), StandardCharsets.UTF_8)).toList());
            assertTrue(texts.get(1).isNumeric());
            assertFalse(texts.get(1).isNaN(0));
            assertTrue(texts.get(1).isNaN(1));
            assertTrue(texts.get(2).isNaN(1));
            assertFalse(texts.get(0).isNaN(1));
        }
    }

    private static ColumnText text(FieldVector vector) {
        return ColumnText.of(ColumnResolver.resolve(vector.getField()), vector, BinaryFormat.HEX);
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), List.of());
    }
}
