package dev.ampconnect.common.arrow;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.UInt8Vector;

/**
 * Column plans that produce {@code BigDecimal}: Decimal128, Decimal256 and lossless UInt64. Values that
 * fit a long (most gas prices, fees, amounts) take a fast path that builds the BigDecimal from one long
 * instead of a byte array; larger values go through Arrow's exact conversion.
 */
final class DecimalColumns {

    /** Arrow's buffers are little-endian; the fast path reads them as native longs, so it needs a little-endian host. */
    private static final boolean LITTLE_ENDIAN_HOST = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private DecimalColumns() {
    }

    static ColumnPlan decimal128() {
        return vector -> {
            DecimalVector v = (DecimalVector) vector;
            int scale = v.getScale();
            return i -> {
                if (v.isNull(i)) {
                    return null;
                }
                if (LITTLE_ENDIAN_HOST) {
                    ArrowBuf data = v.getDataBuffer();
                    long offset = (long) i * DecimalVector.TYPE_WIDTH;
                    long low = data.getLong(offset);
                    if (data.getLong(offset + 8) == (low >> 63)) {
                        return BigDecimal.valueOf(low, scale);
                    }
                }
                return v.getObject(i);
            };
        };
    }

    static ColumnPlan decimal256() {
        return vector -> {
            Decimal256Vector v = (Decimal256Vector) vector;
            int scale = v.getScale();
            return i -> {
                if (v.isNull(i)) {
                    return null;
                }
                if (LITTLE_ENDIAN_HOST) {
                    ArrowBuf data = v.getDataBuffer();
                    long offset = (long) i * Decimal256Vector.TYPE_WIDTH;
                    long low = data.getLong(offset);
                    long sign = low >> 63;
                    if (data.getLong(offset + 8) == sign && data.getLong(offset + 16) == sign
                            && data.getLong(offset + 24) == sign) {
                        return BigDecimal.valueOf(low, scale);
                    }
                }
                return v.getObject(i);
            };
        };
    }

    /** UInt64 as {@code Decimal} scale 0 ({@code uint64.mode=decimal}): exact up to 18446744073709551615. */
    static ColumnPlan uint64AsDecimal() {
        return vector -> {
            UInt8Vector v = (UInt8Vector) vector;
            return i -> {
                if (v.isNull(i)) {
                    return null;
                }
                long bits = v.get(i);
                return bits >= 0
                        ? BigDecimal.valueOf(bits)
                        : new BigDecimal(BigInteger.valueOf(bits & Long.MAX_VALUE).setBit(63));
            };
        };
    }
}
