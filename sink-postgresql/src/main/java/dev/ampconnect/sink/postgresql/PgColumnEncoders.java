package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.sink.batch.ArrowJson;
import java.nio.charset.StandardCharsets;
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
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Chooses how an Arrow vector is written into a PostgreSQL column's binary format. Both the canonical
 * vectors of {@code rows}-format records and the source's own Arrow types ({@code arrow} format: unsigned
 * ints, any timestamp unit, large strings) are accepted where the value fits exactly; anything else is a
 * type conflict the caller reports for the whole batch.
 */
final class PgColumnEncoders {

    /** Microseconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01. */
    static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    /** Days from 1970-01-01 to 2000-01-01. */
    static final int PG_EPOCH_DAYS = 10_957;
    private static final byte JSONB_VERSION = 1;

    private PgColumnEncoders() {
    }

    /** The encoder of {@code vector} into {@code column}, or {@code null} when the types do not match. */
    static PgColumnEncoder of(FieldVector vector, PgColumn column) {
        if (vector instanceof NullVector) {
            return (row, out) -> out.nullField();
        }
        PgColumnEncoder encoder = nonNull(vector, column);
        if (encoder == null) {
            return null;
        }
        return (row, out) -> {
            if (vector.isNull(row)) {
                out.nullField();
            } else {
                encoder.encode(row, out);
            }
        };
    }

    private static PgColumnEncoder nonNull(FieldVector vector, PgColumn column) {
        switch (column.type()) {
            case INT2:
                return integer(vector, column, Short.MIN_VALUE, Short.MAX_VALUE, 2);
            case INT4:
                return integer(vector, column, Integer.MIN_VALUE, Integer.MAX_VALUE, 4);
            case INT8:
                return integer(vector, column, Long.MIN_VALUE, Long.MAX_VALUE, 8);
            case FLOAT4:
                if (vector instanceof Float4Vector floats) {
                    return (row, out) -> {
                        out.int32(4);
                        out.int32(Float.floatToRawIntBits(floats.get(row)));
                    };
                }
                if (vector instanceof org.apache.arrow.vector.Float2Vector halves) {
                    return (row, out) -> {
                        out.int32(4);
                        out.int32(Float.floatToRawIntBits((float) halves.getValueAsDouble(row)));
                    };
                }
                return null;
            case FLOAT8:
                if (vector instanceof FloatingPointVector floats) {
                    return (row, out) -> {
                        out.int32(8);
                        out.int64(Double.doubleToRawLongBits(floats.getValueAsDouble(row)));
                    };
                }
                return null;
            case BOOL:
                if (vector instanceof BitVector bits) {
                    return (row, out) -> {
                        out.int32(1);
                        out.int8(bits.get(row));
                    };
                }
                return null;
            case TEXT:
                if (vector instanceof VarCharVector || vector instanceof LargeVarCharVector) {
                    return variableWidth(vector);
                }
                return null;
            case BYTEA:
                if (vector instanceof VarBinaryVector || vector instanceof LargeVarBinaryVector) {
                    return variableWidth(vector);
                }
                if (vector instanceof FixedSizeBinaryVector fixed) {
                    int width = fixed.getByteWidth();
                    return (row, out) -> out.field(fixed.getDataBuffer(), (long) row * width, width);
                }
                return null;
            case NUMERIC:
                return numeric(vector);
            case TIMESTAMPTZ:
            case TIMESTAMP:
                if (vector instanceof TimeStampVector timestamps) {
                    TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
                    return (row, out) -> {
                        out.int32(8);
                        out.int64(pgMicros(timestamps.get(row), unit, column));
                    };
                }
                return null;
            case DATE:
                if (vector instanceof DateDayVector days) {
                    return (row, out) -> {
                        out.int32(4);
                        out.int32(days.get(row) - PG_EPOCH_DAYS);
                    };
                }
                if (vector instanceof DateMilliVector millis) {
                    return (row, out) -> {
                        out.int32(4);
                        out.int32((int) Math.floorDiv(millis.get(row), 86_400_000L) - PG_EPOCH_DAYS);
                    };
                }
                return null;
            case TIME:
                if (vector instanceof TimeSecVector || vector instanceof TimeMilliVector || vector instanceof TimeMicroVector
                        || vector instanceof TimeNanoVector) {
                    return (row, out) -> {
                        long nanos = ArrowJson.timeNanos(vector, row);
                        if (nanos % 1_000 != 0) {
                            throw new PgColumnEncoder.RejectedValue("column " + column.name() + ": time with nanoseconds "
                                    + nanos + " has sub-microsecond digits, which PostgreSQL TIME cannot hold");
                        }
                        out.int32(8);
                        out.int64(nanos / 1_000);
                    };
                }
                return null;
            case JSONB:
                return (row, out) -> {
                    byte[] json = ArrowJson.of(vector, row).getBytes(StandardCharsets.UTF_8);
                    out.int32(json.length + 1);
                    out.int8(JSONB_VERSION);
                    out.bytes(json);
                };
            case JSON:
                return (row, out) -> {
                    byte[] json = ArrowJson.of(vector, row).getBytes(StandardCharsets.UTF_8);
                    out.int32(json.length);
                    out.bytes(json);
                };
            default:
                return null;
        }
    }

    private static PgColumnEncoder integer(FieldVector vector, PgColumn column, long min, long max, int width) {
        if (!(vector instanceof BaseIntVector ints)) {
            return null;
        }
        boolean unsigned64 = vector instanceof UInt8Vector;
        int sourceBits = ((ArrowType.Int) vector.getField().getType()).getBitWidth();
        boolean signed = ((ArrowType.Int) vector.getField().getType()).getIsSigned();
        // only widening (or same-width) sources are accepted, so a value never silently fails to fit
        int effectiveBits = signed ? sourceBits : sourceBits + 1;
        if (effectiveBits > width * 8 && !unsigned64) {
            return null;
        }
        if (unsigned64 && width < 8) {
            return null;
        }
        return (row, out) -> {
            long value = ints.getValueAsLong(row);
            if (unsigned64 && value < 0) {
                throw new PgColumnEncoder.RejectedValue("column " + column.name() + ": unsigned value "
                        + Long.toUnsignedString(value) + " exceeds " + column.sqlType() + " (never wrapped)");
            }
            if (value < min || value > max) {
                throw new PgColumnEncoder.RejectedValue("column " + column.name() + ": " + value + " exceeds " + column.sqlType());
            }
            out.int32(width);
            switch (width) {
                case 2:
                    out.int16((int) value);
                    break;
                case 4:
                    out.int32((int) value);
                    break;
                default:
                    out.int64(value);
            }
        };
    }

    private static PgColumnEncoder numeric(FieldVector vector) {
        if (vector instanceof DecimalVector decimals) {
            if (decimals.getScale() == 0) {
                // most chain decimals (wei, gas) fit a long: skip BigDecimal for those
                return (row, out) -> {
                    long index = (long) row * DecimalVector.TYPE_WIDTH;
                    long low = decimals.getDataBuffer().getLong(index);
                    long high = decimals.getDataBuffer().getLong(index + 8);
                    if (high == (low >> 63)) {
                        PgNumeric.write(low, out);
                    } else {
                        PgNumeric.write(decimals.getObject(row), out);
                    }
                };
            }
            return (row, out) -> PgNumeric.write(decimals.getObject(row), out);
        }
        if (vector instanceof Decimal256Vector decimals) {
            return (row, out) -> PgNumeric.write(decimals.getObject(row), out);
        }
        if (vector instanceof UInt8Vector unsigned) {
            return (row, out) -> PgNumeric.writeUnsigned(unsigned.get(row), out);
        }
        if (vector instanceof BaseIntVector ints) {
            return (row, out) -> PgNumeric.write(ints.getValueAsLong(row), out);
        }
        return null;
    }

    private static PgColumnEncoder variableWidth(FieldVector vector) {
        if (vector instanceof BaseVariableWidthVector variable) {
            return (row, out) -> {
                int start = variable.getStartOffset(row);
                out.field(variable.getDataBuffer(), start, variable.getEndOffset(row) - start);
            };
        }
        BaseLargeVariableWidthVector large = (BaseLargeVariableWidthVector) vector;
        return (row, out) -> {
            long start = large.getOffsetBuffer().getLong((long) row * BaseLargeVariableWidthVector.OFFSET_WIDTH);
            long end = large.getOffsetBuffer().getLong((long) (row + 1) * BaseLargeVariableWidthVector.OFFSET_WIDTH);
            out.field(large.getDataBuffer(), start, Math.toIntExact(end - start));
        };
    }

    /** Microseconds since 2000-01-01 of a timestamp value; sub-microsecond digits are rejected, never rounded. */
    static long pgMicros(long value, TimeUnit unit, PgColumn column) {
        try {
            long micros;
            switch (unit) {
                case SECOND:
                    micros = Math.multiplyExact(value, 1_000_000L);
                    break;
                case MILLISECOND:
                    micros = Math.multiplyExact(value, 1_000L);
                    break;
                case MICROSECOND:
                    micros = value;
                    break;
                default:
                    if (value % 1_000 != 0) {
                        throw new PgColumnEncoder.RejectedValue("column " + column.name() + ": timestamp " + value
                                + " ns has sub-microsecond digits, which PostgreSQL timestamps cannot hold");
                    }
                    micros = value / 1_000;
            }
            return Math.subtractExact(micros, PG_EPOCH_MICROS);
        } catch (ArithmeticException e) {
            throw new PgColumnEncoder.RejectedValue("column " + column.name() + ": timestamp " + value + " " + unit
                    + " is out of PostgreSQL's range");
        }
    }
}
