package dev.ampconnect.common.sink.buffer;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.util.DecimalUtility;
import org.apache.kafka.connect.errors.DataException;

/**
 * The writers of non-nested columns, one small class per Connect -> Arrow conversion (TYPES.md "Connect -> Arrow"),
 * so each value costs one virtual call to its column's writer and a direct write into the vector's memory
 * ({@link FixedWidthSlots}, {@link VariableWidthSlots}).
 */
final class ScalarColumnWriters {

    /** Decimal digits every long holds: a decimal of at most this precision has an unscaled value that fits a long. */
    private static final int LONG_DIGITS = 18;

    private ScalarColumnWriters() {
    }

    /** A column of fixed-width values; a null clears the slot's validity bit. */
    abstract static class FixedWidth extends ConnectColumnWriter {
        final FixedWidthSlots slots;

        FixedWidth(String path, BaseFixedWidthVector vector, int width) {
            super(path);
            this.slots = new FixedWidthSlots(vector, width);
        }

        @Override
        final void writeNull(int index) {
            slots.setNull(index);
        }
    }

    /** INT64 (and nanosecond timestamps, Connect INT64): any Number, as its long value. */
    static final class Int64 extends FixedWidth {
        Int64(String path, BaseFixedWidthVector vector) {
            super(path, vector, Long.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            long v = ((Number) value).longValue();
            MemoryUtil.putLong(slots.claim(index), v);
        }
    }

    /** INT32: any Number, as its int value. */
    static final class Int32 extends FixedWidth {
        Int32(String path, BaseFixedWidthVector vector) {
            super(path, vector, Integer.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            int v = ((Number) value).intValue();
            MemoryUtil.putInt(slots.claim(index), v);
        }
    }

    /** INT16: any Number, as its short value. */
    static final class Int16 extends FixedWidth {
        Int16(String path, BaseFixedWidthVector vector) {
            super(path, vector, Short.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            short v = ((Number) value).shortValue();
            MemoryUtil.putShort(slots.claim(index), v);
        }
    }

    /** INT8: any Number, as its byte value. */
    static final class Int8 extends FixedWidth {
        Int8(String path, BaseFixedWidthVector vector) {
            super(path, vector, Byte.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            byte v = ((Number) value).byteValue();
            MemoryUtil.putByte(slots.claim(index), v);
        }
    }

    /** FLOAT32: any Number, as its float bits (as Arrow's own setter writes them). */
    static final class Float32 extends FixedWidth {
        Float32(String path, BaseFixedWidthVector vector) {
            super(path, vector, Float.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            int bits = Float.floatToRawIntBits(((Number) value).floatValue());
            MemoryUtil.putInt(slots.claim(index), bits);
        }
    }

    /** FLOAT64: any Number, as its double bits (as Arrow's own setter writes them). */
    static final class Float64 extends FixedWidth {
        Float64(String path, BaseFixedWidthVector vector) {
            super(path, vector, Double.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            long bits = Double.doubleToRawLongBits(((Number) value).doubleValue());
            MemoryUtil.putLong(slots.claim(index), bits);
        }
    }

    /** Connect Timestamp (a Date) into Timestamp(ms): its epoch milliseconds. */
    static final class TimestampMillis extends FixedWidth {
        TimestampMillis(String path, BaseFixedWidthVector vector) {
            super(path, vector, Long.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            long millis = ((java.util.Date) value).getTime();
            MemoryUtil.putLong(slots.claim(index), millis);
        }
    }

    /** Connect Date (midnight UTC) into Date32: days since the epoch. */
    static final class DateDays extends FixedWidth {
        DateDays(String path, BaseFixedWidthVector vector) {
            super(path, vector, Integer.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            int days = ConnectColumnWriter.days((java.util.Date) value, path);
            MemoryUtil.putInt(slots.claim(index), days);
        }
    }

    /** Connect Time (a Date) into Time32(ms): milliseconds of the day. */
    static final class TimeMillis extends FixedWidth {
        TimeMillis(String path, BaseFixedWidthVector vector) {
            super(path, vector, Integer.BYTES);
        }

        @Override
        void writeValue(int index, Object value) {
            int millis = (int) ((java.util.Date) value).getTime();
            MemoryUtil.putInt(slots.claim(index), millis);
        }
    }

    /**
     * Connect Decimal into Decimal128 or Decimal256 of the column's precision and scale. A value of the column's
     * scale and at most 18 digits (UInt64 block numbers and gas below 10^18, most amounts) is written from its
     * unscaled long, sign-extended, without building a BigInteger ({@code BigDecimal.unscaledValue()} builds one for
     * every compact value: 15 % of the conversion in a profile, BENCHMARKS.md "Iceberg sink") or Arrow's byte-array
     * path; larger ones go through Arrow's own byte conversion. Values of another scale are rescaled exactly, or
     * rejected like values with too many digits ({@link ConnectColumnWriter#decimal}).
     */
    static final class Decimal extends FixedWidth {
        private final int precision;
        private final int scale;
        private final int width;

        Decimal(String path, BaseFixedWidthVector vector, int precision, int scale, int width) {
            super(path, vector, width);
            this.precision = precision;
            this.scale = scale;
            this.width = width;
        }

        @Override
        void writeValue(int index, Object value) {
            BigDecimal decimal = (BigDecimal) value;
            if (decimal.scale() != scale || decimal.precision() > precision) {
                decimal = ConnectColumnWriter.decimal(decimal, precision, scale, path);
            }
            if (decimal.precision() <= LONG_DIGITS) {
                // scale 0: longValue() is the compact value itself (no allocation)
                long unscaled = scale == 0 ? decimal.longValue() : decimal.unscaledValue().longValue();
                slots.claim(index);
                DecimalUtility.writeLongToArrowBuf(unscaled, slots.valueBuffer(), index, width);
            } else {
                slots.claim(index);
                DecimalUtility.writeBigDecimalToArrowBuf(decimal, slots.valueBuffer(), index, width);
            }
        }
    }

    /** Connect BYTES with a fixed size (byte[] or ByteBuffer) into FixedSizeBinary: exactly that many bytes. */
    static final class FixedBinary extends FixedWidth {
        private final int width;

        FixedBinary(String path, BaseFixedWidthVector vector, int width) {
            super(path, vector, width);
            this.width = width;
        }

        @Override
        void writeValue(int index, Object value) {
            if (value instanceof byte[] bytes) {
                checkLength(bytes.length);
                MemoryCopy.copy(bytes, 0, slots.claim(index), width);
            } else {
                ByteBuffer buffer = (ByteBuffer) value;
                checkLength(buffer.remaining());
                MemoryCopy.copy(buffer, slots.claim(index));
            }
        }

        private void checkLength(int length) {
            if (length != width) {
                throw new DataException("column " + path + ": expected " + width + " bytes (fixed-size binary), got " + length);
            }
        }
    }

    /** BOOLEAN into Bool (bit-packed: Arrow's own setter; rare in chain data). */
    static final class Bool extends ConnectColumnWriter {
        private final BitVector vector;

        Bool(String path, BitVector vector) {
            super(path);
            this.vector = vector;
        }

        @Override
        void writeValue(int index, Object value) {
            vector.setSafe(index, ((Boolean) value) ? 1 : 0);
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }
    }

    /** A column of variable-width values; a null is an empty, invalid slot. */
    abstract static class VariableWidth extends ConnectColumnWriter {
        final VariableWidthSlots slots;

        VariableWidth(String path, BaseVariableWidthVector vector) {
            super(path);
            this.slots = new VariableWidthSlots(vector, path);
        }

        @Override
        final void writeNull(int index) {
            slots.setNull(index);
        }
    }

    /** STRING into Utf8: its UTF-8 bytes. */
    static final class Utf8 extends VariableWidth {
        Utf8(String path, BaseVariableWidthVector vector) {
            super(path, vector);
        }

        @Override
        void writeValue(int index, Object value) {
            byte[] bytes = ((String) value).getBytes(StandardCharsets.UTF_8);
            slots.set(index, bytes, 0, bytes.length);
        }
    }

    /** BYTES (byte[] or ByteBuffer, its remaining bytes) into Binary. */
    static final class Binary extends VariableWidth {
        Binary(String path, BaseVariableWidthVector vector) {
            super(path, vector);
        }

        @Override
        void writeValue(int index, Object value) {
            if (value instanceof byte[] bytes) {
                slots.set(index, bytes, 0, bytes.length);
            } else {
                slots.set(index, (ByteBuffer) value);
            }
        }
    }
}
