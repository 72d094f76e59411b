package dev.ampconnect.sink.iceberg.write;

import dev.ampconnect.sink.iceberg.schema.IcebergTypeMapping;
import dev.ampconnect.sink.iceberg.schema.UnsupportedColumnException;
import java.math.BigDecimal;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.io.api.Binary;

/**
 * Chooses how an Arrow vector is read as the values of an Iceberg column ({@link ColumnValues}). The column's
 * type is the one {@link IcebergTypeMapping} gives the vector's Arrow type, or a lossless widening of it an
 * existing table has (int to long, float to double, a wider decimal); anything else is refused here, naming
 * the column. Conversions never lose digits: a value the column cannot hold exactly is a
 * {@link RejectedValueException} naming the column and row.
 */
public final class ArrowColumnValues {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private ArrowColumnValues() {
    }

    /** The values of {@code vector} as the primitive Iceberg type {@code target}. */
    public static ColumnValues of(FieldVector vector, Type.PrimitiveType target, String column) {
        ColumnValues values = switch (target.typeId()) {
            case BOOLEAN -> vector instanceof BitVector bits ? (ColumnValues.Booleans) row -> bits.get(row) == 1 : null;
            case INTEGER, LONG -> integers(vector, target, column);
            case FLOAT, DOUBLE -> vector instanceof FloatingPointVector floats
                    ? (ColumnValues.Doubles) floats::getValueAsDouble : null;
            case DATE -> dates(vector, column);
            case TIME -> times(vector, column);
            case TIMESTAMP -> timestamps(vector, false, column);
            case TIMESTAMP_NANO -> timestamps(vector, true, column);
            case STRING -> strings(vector);
            case BINARY -> vector instanceof FixedSizeBinaryVector fixed ? fixedWidth(fixed) : variableWidth(vector, false);
            case FIXED -> vector instanceof FixedSizeBinaryVector fixed
                    && fixed.getByteWidth() == ((Types.FixedType) target).length() ? fixedWidth(fixed) : null;
            case DECIMAL -> decimals(vector, (Types.DecimalType) target, column);
            default -> null;
        };
        if (values == null) {
            throw new UnsupportedColumnException("column '" + column + "': Arrow " + vector.getField().getType()
                    + " cannot be written into Iceberg " + target);
        }
        return values;
    }

    private static ColumnValues integers(FieldVector vector, Type.PrimitiveType target, String column) {
        if (!(vector instanceof BaseIntVector ints)) {
            return null;
        }
        ArrowType.Int type = (ArrowType.Int) vector.getField().getType();
        int effectiveBits = type.getIsSigned() ? type.getBitWidth() : type.getBitWidth() + 1;
        if (target.typeId() == Type.TypeID.INTEGER) {
            return effectiveBits <= 32 ? (ColumnValues.Longs) ints::getValueAsLong : null;
        }
        if (vector instanceof UInt8Vector unsigned) {
            return (ColumnValues.Longs) row -> {
                long value = unsigned.get(row);
                if (value < 0) {
                    throw new RejectedValueException("column '" + column + "' row " + row + ": unsigned value "
                            + Long.toUnsignedString(value) + " exceeds a long (iceberg.uint64.mode=int64); never wrapped", row);
                }
                return value;
            };
        }
        return (ColumnValues.Longs) ints::getValueAsLong;
    }

    private static ColumnValues dates(FieldVector vector, String column) {
        if (vector instanceof DateDayVector days) {
            return (ColumnValues.Longs) days::get;
        }
        if (vector instanceof DateMilliVector millis) {
            return (ColumnValues.Longs) row -> {
                long value = millis.get(row);
                if (value % MILLIS_PER_DAY != 0) {
                    throw new RejectedValueException("column '" + column + "' row " + row + ": date " + value
                            + " ms is not a whole day", row);
                }
                return value / MILLIS_PER_DAY;
            };
        }
        return null;
    }

    private static ColumnValues times(FieldVector vector, String column) {
        if (vector instanceof TimeSecVector seconds) {
            return (ColumnValues.Longs) row -> seconds.get(row) * 1_000_000L;
        }
        if (vector instanceof TimeMilliVector millis) {
            return (ColumnValues.Longs) row -> millis.get(row) * 1_000L;
        }
        if (vector instanceof TimeMicroVector micros) {
            return (ColumnValues.Longs) micros::get;
        }
        if (vector instanceof TimeNanoVector nanos) {
            return (ColumnValues.Longs) row -> exactMicros(nanos.get(row), column, row, "time");
        }
        return null;
    }

    private static ColumnValues timestamps(FieldVector vector, boolean nanos, String column) {
        if (!(vector instanceof TimeStampVector stamps)) {
            return null;
        }
        TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
        long factor = switch (unit) {
            case SECOND -> nanos ? 1_000_000_000L : 1_000_000L;
            case MILLISECOND -> nanos ? 1_000_000L : 1_000L;
            case MICROSECOND -> nanos ? 1_000L : 1L;
            case NANOSECOND -> 1L;
        };
        if (unit == TimeUnit.NANOSECOND && !nanos) {
            return (ColumnValues.Longs) row -> exactMicros(stamps.get(row), column, row, "timestamp");
        }
        if (factor == 1L) {
            return (ColumnValues.Longs) stamps::get;
        }
        return (ColumnValues.Longs) row -> {
            try {
                return Math.multiplyExact(stamps.get(row), factor);
            } catch (ArithmeticException e) {
                throw new RejectedValueException("column '" + column + "' row " + row + ": timestamp "
                        + stamps.get(row) + " " + unit + " is out of range", row);
            }
        };
    }

    private static long exactMicros(long nanos, String column, int row, String what) {
        if (nanos % 1_000 != 0) {
            throw new RejectedValueException("column '" + column + "' row " + row + ": " + what + " " + nanos
                    + " ns has sub-microsecond digits, which a microsecond column cannot hold (format version 3"
                    + " stores timestamp_ns); never truncated", row);
        }
        return nanos / 1_000;
    }

    private static ColumnValues strings(FieldVector vector) {
        ArrowType.ArrowTypeID id = vector.getField().getType().getTypeID();
        if (id == ArrowType.ArrowTypeID.Null) {
            return (ColumnValues.Bytes) row -> {
                throw new IllegalStateException("a Null vector has no values");
            };
        }
        if (vector instanceof DecimalVector decimals) {
            return (ColumnValues.Bytes) row -> Binary.fromString(decimals.getObject(row).toPlainString());
        }
        if (vector instanceof Decimal256Vector decimals) {
            return (ColumnValues.Bytes) row -> Binary.fromString(decimals.getObject(row).toPlainString());
        }
        return variableWidth(vector, true);
    }

    private static ColumnValues variableWidth(FieldVector vector, boolean text) {
        ArrowType.ArrowTypeID id = vector.getField().getType().getTypeID();
        boolean isText = id == ArrowType.ArrowTypeID.Utf8 || id == ArrowType.ArrowTypeID.LargeUtf8
                || id == ArrowType.ArrowTypeID.Utf8View;
        boolean isBinary = id == ArrowType.ArrowTypeID.Binary || id == ArrowType.ArrowTypeID.LargeBinary
                || id == ArrowType.ArrowTypeID.BinaryView;
        if (!(text ? isText : isBinary)) {
            return null;
        }
        if (vector instanceof BaseVariableWidthVector variable) {
            ReusedBytes scratch = new ReusedBytes();
            return (ColumnValues.Bytes) row -> {
                int start = variable.getStartOffset(row);
                return scratch.read(variable.getDataBuffer(), start, variable.getEndOffset(row) - start);
            };
        }
        if (vector instanceof BaseLargeVariableWidthVector large) {
            ReusedBytes scratch = new ReusedBytes();
            return (ColumnValues.Bytes) row -> {
                // as PgColumnEncoders reads them: the offsets buffer holds 8-byte starts
                long start = large.getOffsetBuffer().getLong((long) row * BaseLargeVariableWidthVector.OFFSET_WIDTH);
                long end = large.getOffsetBuffer().getLong((long) (row + 1) * BaseLargeVariableWidthVector.OFFSET_WIDTH);
                return scratch.read(large.getDataBuffer(), start, Math.toIntExact(end - start));
            };
        }
        if (vector instanceof VariableWidthFieldVector variable) {
            return (ColumnValues.Bytes) row -> Binary.fromConstantByteArray(variable.get(row));
        }
        return null;
    }

    private static ColumnValues fixedWidth(FixedSizeBinaryVector fixed) {
        int width = fixed.getByteWidth();
        ReusedBytes scratch = new ReusedBytes();
        return (ColumnValues.Bytes) row -> scratch.read(fixed.getDataBuffer(), (long) row * width, width);
    }

    /** A per-column buffer that values are copied into from Arrow memory and handed to Parquet as reused. */
    private static final class ReusedBytes {
        private byte[] bytes = new byte[64];

        Binary read(ArrowBuf buffer, long offset, int length) {
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            buffer.getBytes(offset, bytes, 0, length);
            return Binary.fromReusedByteArray(bytes, 0, length);
        }

        /** The low {@code length} bytes (at most 16) of a little-endian two's complement value, big-endian. */
        Binary bigEndian(ArrowBuf buffer, long offset, int length) {
            if (bytes.length < 16) {
                bytes = new byte[64];
            }
            buffer.getBytes(offset, bytes, 0, 16);
            for (int i = 0, j = length - 1; i < j; i++, j--) {
                byte swap = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = swap;
            }
            return Binary.fromReusedByteArray(bytes, 0, length);
        }
    }

    private static ColumnValues decimals(FieldVector vector, Types.DecimalType target, String column) {
        int targetBytes = TypeUtil.decimalRequiredBytes(target.precision());
        boolean asLong = target.precision() <= 18;
        if (vector instanceof DecimalVector decimals && decimals.getScale() == target.scale()) {
            return asLong ? (ColumnValues.Longs) row -> lowLong(decimals.getDataBuffer(), (long) row * DecimalVector.TYPE_WIDTH)
                    : decimalBytes(decimals, DecimalVector.TYPE_WIDTH, targetBytes);
        }
        if (vector instanceof Decimal256Vector decimals && decimals.getScale() == target.scale()
                && decimals.getPrecision() <= IcebergTypeMapping.MAX_DECIMAL_PRECISION) {
            // a value of at most 38 digits fits the low 16 of its 32 little-endian bytes
            return asLong ? (ColumnValues.Longs) row -> lowLong(decimals.getDataBuffer(), (long) row * Decimal256Vector.TYPE_WIDTH)
                    : decimalBytes(decimals, Decimal256Vector.TYPE_WIDTH, targetBytes);
        }
        if (vector instanceof UInt8Vector unsigned && target.scale() == 0
                && target.precision() >= IcebergTypeMapping.UINT64_DECIMAL_PRECISION) {
            return (ColumnValues.Bytes) row -> Binary.fromConstantByteArray(unsignedBigEndian(unsigned.get(row), targetBytes));
        }
        return null;
    }

    private static ColumnValues decimalBytes(FieldVector decimals, int width, int targetBytes) {
        ReusedBytes scratch = new ReusedBytes();
        return (ColumnValues.Bytes) row -> scratch.bigEndian(decimals.getDataBuffer(), (long) row * width, targetBytes);
    }

    private static long lowLong(ArrowBuf buffer, long offset) {
        return buffer.getLong(offset);
    }

    static byte[] unsignedBigEndian(long value, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < Math.min(8, length); i++) {
            out[length - 1 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /** The decimal a {@link ColumnValues} value of a decimal column stands for. */
    static BigDecimal decimal(ColumnValues values, int row, int scale) {
        if (values instanceof ColumnValues.Longs longs) {
            return BigDecimal.valueOf(longs.get(row), scale);
        }
        return new BigDecimal(new java.math.BigInteger(((ColumnValues.Bytes) values).get(row).getBytes()), scale);
    }
}
