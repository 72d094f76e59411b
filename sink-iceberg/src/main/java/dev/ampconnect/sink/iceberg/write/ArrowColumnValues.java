package dev.ampconnect.sink.iceberg.write;

import dev.ampconnect.common.arrow.ArrowConversionException;
import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.ColumnResolver;
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
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.parquet.io.api.Binary;

/**
 * Chooses, once per column and batch, how an Arrow vector is read as the values of a primitive Iceberg column
 * ({@link ColumnValues}): a {@link ColumnKind.Visitor} over the column's kind (connect-common's column model), each
 * kind accepting the Iceberg types {@link IcebergTypeMapping} gives it or a lossless widening of them an existing
 * table has (int to long, float to double, a wider decimal); anything else is refused here, naming the column.
 * Conversions never lose digits: a value the column cannot hold exactly is a {@link RejectedValueException} naming
 * the column and row.
 */
public final class ArrowColumnValues implements ColumnKind.Visitor<ColumnValues> {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final FieldVector vector;
    private final Type.PrimitiveType target;
    private final String column;

    private ArrowColumnValues(FieldVector vector, Type.PrimitiveType target, String column) {
        this.vector = vector;
        this.target = target;
        this.column = column;
    }

    /** The values of {@code vector} as the primitive Iceberg type {@code target}. */
    public static ColumnValues of(FieldVector vector, Type.PrimitiveType target, String column) {
        Column resolved;
        try {
            resolved = ColumnResolver.resolve(vector.getField(), column);
        } catch (ArrowConversionException e) {
            throw new UnsupportedColumnException(e.getMessage());
        }
        ColumnValues values = resolved.accept(new ArrowColumnValues(vector, target, column));
        if (values == null) {
            throw new UnsupportedColumnException("column '" + column + "': Arrow " + resolved.kind().label()
                    + " cannot be written into Iceberg " + target);
        }
        return values;
    }

    private boolean targets(Type.TypeID... ids) {
        for (Type.TypeID id : ids) {
            if (target.typeId() == id) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ColumnValues visitNull(ColumnKind.Null kind) {
        // a Null vector's rows are all null: the writers never ask for a value
        return targets(Type.TypeID.STRING) ? (ColumnValues.Bytes) row -> {
            throw new IllegalStateException("a Null vector has no values");
        } : null;
    }

    @Override
    public ColumnValues visitBool(ColumnKind.Bool kind) {
        BitVector bits = (BitVector) vector;
        return targets(Type.TypeID.BOOLEAN) ? (ColumnValues.Booleans) row -> bits.get(row) == 1 : null;
    }

    @Override
    public ColumnValues visitInt(ColumnKind.Int kind) {
        BaseIntVector ints = (BaseIntVector) vector;
        int effectiveBits = kind.type().signed() ? kind.type().bitWidth() : kind.type().bitWidth() + 1;
        if (targets(Type.TypeID.INTEGER)) {
            return effectiveBits <= 32 ? (ColumnValues.Longs) ints::getValueAsLong : null;
        }
        if (targets(Type.TypeID.LONG)) {
            if (kind.type() == ColumnKind.IntType.UINT64) {
                UInt8Vector unsigned = (UInt8Vector) vector;
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
        Types.DecimalType decimal = target instanceof Types.DecimalType d ? d : null;
        if (decimal != null && kind.type() == ColumnKind.IntType.UINT64 && decimal.scale() == 0
                && decimal.precision() >= IcebergTypeMapping.UINT64_DECIMAL_PRECISION) {
            UInt8Vector unsigned = (UInt8Vector) vector;
            int targetBytes = TypeUtil.decimalRequiredBytes(decimal.precision());
            return (ColumnValues.Bytes) row -> Binary.fromConstantByteArray(unsignedBigEndian(unsigned.get(row), targetBytes));
        }
        return null;
    }

    @Override
    public ColumnValues visitFloatingPoint(ColumnKind.FloatingPoint kind) {
        FloatingPointVector floats = (FloatingPointVector) vector;
        return targets(Type.TypeID.FLOAT, Type.TypeID.DOUBLE) ? (ColumnValues.Doubles) floats::getValueAsDouble : null;
    }

    @Override
    public ColumnValues visitDecimal(ColumnKind.Decimal kind) {
        if (targets(Type.TypeID.STRING)) {
            // beyond Iceberg's 38 digits: the exact plain text
            return kind.is256() ? (ColumnValues.Bytes) row -> Binary.fromString(((Decimal256Vector) vector).getObject(row)
                    .toPlainString()) : (ColumnValues.Bytes) row -> Binary.fromString(((DecimalVector) vector).getObject(row)
                    .toPlainString());
        }
        if (!(target instanceof Types.DecimalType decimal) || decimal.scale() != kind.scale()
                || kind.precision() > IcebergTypeMapping.MAX_DECIMAL_PRECISION) {
            return null;
        }
        int width = kind.is256() ? Decimal256Vector.TYPE_WIDTH : DecimalVector.TYPE_WIDTH;
        if (decimal.precision() <= 18) {
            // a value of at most 18 digits is the low long of its little-endian bytes
            return (ColumnValues.Longs) row -> vector.getDataBuffer().getLong((long) row * width);
        }
        // a value of at most 38 digits fits the low 16 of its (16 or 32) little-endian bytes
        int targetBytes = TypeUtil.decimalRequiredBytes(decimal.precision());
        ReusedBytes scratch = new ReusedBytes();
        return (ColumnValues.Bytes) row -> scratch.bigEndian(vector.getDataBuffer(), (long) row * width, targetBytes);
    }

    @Override
    public ColumnValues visitUtf8(ColumnKind.Utf8 kind) {
        return targets(Type.TypeID.STRING) ? variableWidth(kind.layout()) : null;
    }

    @Override
    public ColumnValues visitBinary(ColumnKind.Binary kind) {
        return targets(Type.TypeID.BINARY) ? variableWidth(kind.layout()) : null;
    }

    @Override
    public ColumnValues visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
        boolean fits = targets(Type.TypeID.BINARY)
                || (targets(Type.TypeID.FIXED) && ((Types.FixedType) target).length() == kind.byteWidth());
        if (!fits) {
            return null;
        }
        FixedSizeBinaryVector fixed = (FixedSizeBinaryVector) vector;
        int width = kind.byteWidth();
        ReusedBytes scratch = new ReusedBytes();
        return (ColumnValues.Bytes) row -> scratch.read(fixed.getDataBuffer(), (long) row * width, width);
    }

    @Override
    public ColumnValues visitDate(ColumnKind.Date kind) {
        if (!targets(Type.TypeID.DATE)) {
            return null;
        }
        return switch (kind.unit()) {
            case DAY -> {
                DateDayVector days = (DateDayVector) vector;
                yield (ColumnValues.Longs) days::get;
            }
            case MILLISECOND -> {
                DateMilliVector millis = (DateMilliVector) vector;
                yield (ColumnValues.Longs) row -> {
                    long value = millis.get(row);
                    if (value % MILLIS_PER_DAY != 0) {
                        throw new RejectedValueException("column '" + column + "' row " + row + ": date " + value
                                + " ms is not a whole day", row);
                    }
                    return value / MILLIS_PER_DAY;
                };
            }
        };
    }

    @Override
    public ColumnValues visitTime(ColumnKind.Time kind) {
        if (!targets(Type.TypeID.TIME)) {
            return null;
        }
        return switch (kind.unit()) {
            case SECOND -> {
                TimeSecVector seconds = (TimeSecVector) vector;
                yield (ColumnValues.Longs) row -> seconds.get(row) * 1_000_000L;
            }
            case MILLISECOND -> {
                TimeMilliVector millis = (TimeMilliVector) vector;
                yield (ColumnValues.Longs) row -> millis.get(row) * 1_000L;
            }
            case MICROSECOND -> {
                TimeMicroVector micros = (TimeMicroVector) vector;
                yield (ColumnValues.Longs) micros::get;
            }
            case NANOSECOND -> {
                TimeNanoVector nanos = (TimeNanoVector) vector;
                yield (ColumnValues.Longs) row -> exactMicros(nanos.get(row), row, "time");
            }
        };
    }

    @Override
    public ColumnValues visitTimestamp(ColumnKind.Timestamp kind) {
        boolean nanos = targets(Type.TypeID.TIMESTAMP_NANO);
        if (!nanos && !targets(Type.TypeID.TIMESTAMP)) {
            return null;
        }
        TimeStampVector stamps = (TimeStampVector) vector;
        TimeUnit unit = kind.unit();
        if (unit == TimeUnit.NANOSECOND && !nanos) {
            return (ColumnValues.Longs) row -> exactMicros(stamps.get(row), row, "timestamp");
        }
        long factor = switch (unit) {
            case SECOND -> nanos ? 1_000_000_000L : 1_000_000L;
            case MILLISECOND -> nanos ? 1_000_000L : 1_000L;
            case MICROSECOND -> nanos ? 1_000L : 1L;
            case NANOSECOND -> 1L;
        };
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

    @Override
    public ColumnValues visitList(ColumnKind.List kind) {
        return null;
    }

    @Override
    public ColumnValues visitStruct(ColumnKind.Struct kind) {
        return null;
    }

    @Override
    public ColumnValues visitMap(ColumnKind.Map kind) {
        return null;
    }

    private long exactMicros(long nanos, int row, String what) {
        if (nanos % 1_000 != 0) {
            throw new RejectedValueException("column '" + column + "' row " + row + ": " + what + " " + nanos
                    + " ns has sub-microsecond digits, which a microsecond column cannot hold (format version 3"
                    + " stores timestamp_ns); never truncated", row);
        }
        return nanos / 1_000;
    }

    private ColumnValues variableWidth(ColumnKind.VarWidthLayout layout) {
        return switch (layout) {
            case REGULAR -> {
                BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
                ReusedBytes scratch = new ReusedBytes();
                yield (ColumnValues.Bytes) row -> {
                    int start = variable.getStartOffset(row);
                    return scratch.read(variable.getDataBuffer(), start, variable.getEndOffset(row) - start);
                };
            }
            case LARGE -> {
                BaseLargeVariableWidthVector large = (BaseLargeVariableWidthVector) vector;
                ReusedBytes scratch = new ReusedBytes();
                yield (ColumnValues.Bytes) row -> {
                    // as PgColumnEncoders reads them: the offsets buffer holds 8-byte starts
                    long start = large.getOffsetBuffer().getLong((long) row * BaseLargeVariableWidthVector.OFFSET_WIDTH);
                    long end = large.getOffsetBuffer().getLong((long) (row + 1) * BaseLargeVariableWidthVector.OFFSET_WIDTH);
                    return scratch.read(large.getDataBuffer(), start, Math.toIntExact(end - start));
                };
            }
            case VIEW -> {
                VariableWidthFieldVector views = (VariableWidthFieldVector) vector;
                yield (ColumnValues.Bytes) row -> Binary.fromConstantByteArray(views.get(row));
            }
        };
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
            buffer.getBytes(offset, bytes, 0, 16);
            for (int i = 0, j = length - 1; i < j; i++, j--) {
                byte swap = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = swap;
            }
            return Binary.fromReusedByteArray(bytes, 0, length);
        }
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
