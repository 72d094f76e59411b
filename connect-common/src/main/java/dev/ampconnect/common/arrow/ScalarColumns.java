package dev.ampconnect.common.arrow;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;

/** Column plans of the scalar types: booleans, integers, floats, strings, binaries and nulls. */
final class ScalarColumns {

    private ScalarColumns() {
    }

    static ColumnPlan nulls() {
        return vector -> index -> null;
    }

    static ColumnPlan bool() {
        return vector -> {
            BitVector v = (BitVector) vector;
            return i -> v.isNull(i) ? null : Boolean.valueOf(v.get(i) != 0);
        };
    }

    static ColumnPlan int8() {
        return vector -> {
            TinyIntVector v = (TinyIntVector) vector;
            return i -> v.isNull(i) ? null : Byte.valueOf(v.get(i));
        };
    }

    static ColumnPlan int16() {
        return vector -> {
            SmallIntVector v = (SmallIntVector) vector;
            return i -> v.isNull(i) ? null : Short.valueOf(v.get(i));
        };
    }

    static ColumnPlan int32() {
        return vector -> {
            IntVector v = (IntVector) vector;
            return i -> v.isNull(i) ? null : Integer.valueOf(v.get(i));
        };
    }

    static ColumnPlan int64() {
        return vector -> {
            BigIntVector v = (BigIntVector) vector;
            return i -> v.isNull(i) ? null : Long.valueOf(v.get(i));
        };
    }

    /** UInt8 widened to INT16. */
    static ColumnPlan uint8() {
        return vector -> {
            UInt1Vector v = (UInt1Vector) vector;
            return i -> v.isNull(i) ? null : Short.valueOf((short) (v.get(i) & 0xFF));
        };
    }

    /** UInt16 widened to INT32. */
    static ColumnPlan uint16() {
        return vector -> {
            UInt2Vector v = (UInt2Vector) vector;
            return i -> v.isNull(i) ? null : Integer.valueOf(v.get(i));
        };
    }

    /** UInt32 widened to INT64. */
    static ColumnPlan uint32() {
        return vector -> {
            UInt4Vector v = (UInt4Vector) vector;
            return i -> v.isNull(i) ? null : Long.valueOf(Integer.toUnsignedLong(v.get(i)));
        };
    }

    /** UInt64 as INT64 ({@code uint64.mode=int64}): a value above 2^63-1 fails, it never wraps. */
    static ColumnPlan uint64AsInt64(String column) {
        return vector -> {
            UInt8Vector v = (UInt8Vector) vector;
            return i -> {
                if (v.isNull(i)) {
                    return null;
                }
                long bits = v.get(i);
                if (bits < 0) {
                    throw new ColumnValueException(column, "UInt64 value " + Long.toUnsignedString(bits)
                            + " exceeds the INT64 maximum 9223372036854775807 (uint64.mode=int64);"
                            + " set uint64.mode=decimal to keep every value exact");
                }
                return Long.valueOf(bits);
            };
        };
    }

    static ColumnPlan float16() {
        return vector -> {
            Float2Vector v = (Float2Vector) vector;
            return i -> v.isNull(i) ? null : Float.valueOf(v.getValueAsFloat(i));
        };
    }

    static ColumnPlan float32() {
        return vector -> {
            Float4Vector v = (Float4Vector) vector;
            return i -> v.isNull(i) ? null : Float.valueOf(v.get(i));
        };
    }

    static ColumnPlan float64() {
        return vector -> {
            Float8Vector v = (Float8Vector) vector;
            return i -> v.isNull(i) ? null : Double.valueOf(v.get(i));
        };
    }

    static ColumnPlan utf8() {
        return vector -> new Utf8Reader((VarCharVector) vector);
    }

    static ColumnPlan largeUtf8() {
        return vector -> new LargeUtf8Reader((LargeVarCharVector) vector);
    }

    static ColumnPlan utf8View() {
        return vector -> {
            ViewVarCharVector v = (ViewVarCharVector) vector;
            return i -> v.isNull(i) ? null : new String(v.get(i), StandardCharsets.UTF_8);
        };
    }

    static ColumnPlan binary() {
        return vector -> {
            VarBinaryVector v = (VarBinaryVector) vector;
            return i -> v.isNull(i) ? null : v.get(i);
        };
    }

    static ColumnPlan largeBinary() {
        return vector -> {
            LargeVarBinaryVector v = (LargeVarBinaryVector) vector;
            return i -> v.isNull(i) ? null : v.get(i);
        };
    }

    static ColumnPlan binaryView() {
        return vector -> {
            ViewVarBinaryVector v = (ViewVarBinaryVector) vector;
            return i -> v.isNull(i) ? null : v.get(i);
        };
    }

    /** FixedSizeBinary(n) as a byte[] of exactly n bytes. */
    static ColumnPlan fixedSizeBinary() {
        return vector -> {
            FixedSizeBinaryVector v = (FixedSizeBinaryVector) vector;
            return i -> v.isNull(i) ? null : v.get(i);
        };
    }

    /**
     * Decodes UTF-8 straight from an Arrow data buffer through one reused scratch array, so a string
     * costs one allocation (the String) instead of two. One per bound reader: not thread-safe.
     */
    private static final class Utf8Decoder {
        private byte[] scratch = new byte[64];

        String decode(ArrowBuf data, long start, int length) {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            data.getBytes(start, scratch, 0, length);
            return new String(scratch, 0, length, StandardCharsets.UTF_8);
        }
    }

    private static final class Utf8Reader implements ValueReader {
        private final BaseVariableWidthVector vector;
        private final Utf8Decoder decoder = new Utf8Decoder();

        Utf8Reader(BaseVariableWidthVector vector) {
            this.vector = vector;
        }

        @Override
        public Object read(int index) {
            if (vector.isNull(index)) {
                return null;
            }
            int start = vector.getStartOffset(index);
            return decoder.decode(vector.getDataBuffer(), start, vector.getEndOffset(index) - start);
        }
    }

    /** LargeUtf8 has 64-bit offsets, read from the offset buffer (its offset getters are not public). */
    private static final class LargeUtf8Reader implements ValueReader {
        private final BaseLargeVariableWidthVector vector;
        private final Utf8Decoder decoder = new Utf8Decoder();

        LargeUtf8Reader(BaseLargeVariableWidthVector vector) {
            this.vector = vector;
        }

        @Override
        public Object read(int index) {
            if (vector.isNull(index)) {
                return null;
            }
            ArrowBuf offsets = vector.getOffsetBuffer();
            long start = offsets.getLong((long) index * BaseLargeVariableWidthVector.OFFSET_WIDTH);
            long end = offsets.getLong((long) (index + 1) * BaseLargeVariableWidthVector.OFFSET_WIDTH);
            return decoder.decode(vector.getDataBuffer(), start, Math.toIntExact(end - start));
        }
    }
}
