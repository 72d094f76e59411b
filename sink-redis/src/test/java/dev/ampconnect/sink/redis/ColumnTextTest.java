package dev.ampconnect.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
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
            ColumnText text = ColumnText.of("v", vector, BinaryFormat.HEX);
            for (int i = 0; i < values.size(); i++) {
                assertEquals(values.get(i).toPlainString(), new String(text.bytes(i), StandardCharsets.US_ASCII), "row " + i);
            }
            ints.allocateNew(1);
            ints.setSafe(0, -42);
            ints.setValueCount(1);
            assertEquals("-42", new String(ColumnText.of("i", ints, BinaryFormat.HEX).bytes(0), StandardCharsets.US_ASCII));
        }
    }
}
