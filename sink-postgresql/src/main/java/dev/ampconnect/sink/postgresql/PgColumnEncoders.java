package dev.ampconnect.sink.postgresql;

import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.TemporalValues;
import dev.ampconnect.common.sink.batch.ArrowJson;
import java.nio.charset.StandardCharsets;
import java.util.function.IntToLongFunction;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * Chooses, once per column and batch, how a resolved Arrow column is written into a PostgreSQL column's
 * binary format. Both the canonical vectors of {@code rows}-format records and the source's own Arrow types
 * ({@code arrow} format: unsigned ints, any timestamp unit, large strings) are accepted where the value fits
 * exactly; any kind goes into a {@code json}/{@code jsonb} column as {@link ArrowJson}; anything else is a
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

    /** The encoder of {@code column}'s {@code vector} into {@code target}, or {@code null} when the types do not match. */
    static PgColumnEncoder of(Column column, FieldVector vector, PgColumn target) {
        if (column.kind() instanceof ColumnKind.Null) {
            return (row, out) -> out.nullField();
        }
        PgColumnEncoder encoder = switch (target.type()) {
            case JSONB -> json(column, vector, true);
            case JSON -> json(column, vector, false);
            default -> column.accept(new EncoderOf(vector, target));
        };
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

    private static PgColumnEncoder json(Column column, FieldVector vector, boolean jsonb) {
        ArrowJson.Writer json = ArrowJson.writer(column, vector);
        StringBuilder text = new StringBuilder(64);
        return (row, out) -> {
            text.setLength(0);
            json.append(text, row);
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (jsonb) {
                out.int32(bytes.length + 1);
                out.int8(JSONB_VERSION);
            } else {
                out.int32(bytes.length);
            }
            out.bytes(bytes);
        };
    }

    /** The encoder of a non-null value of one kind into the target's type; {@code null} for a type conflict. */
    private static final class EncoderOf implements ColumnKind.Visitor<PgColumnEncoder> {
        private final FieldVector vector;
        private final PgColumn target;
        private final PgType type;

        EncoderOf(FieldVector vector, PgColumn target) {
            this.vector = vector;
            this.target = target;
            this.type = target.type();
        }

        @Override
        public PgColumnEncoder visitNull(ColumnKind.Null kind) {
            return (row, out) -> out.nullField();
        }

        @Override
        public PgColumnEncoder visitBool(ColumnKind.Bool kind) {
            if (type != PgType.BOOL) {
                return null;
            }
            BitVector bits = (BitVector) vector;
            return (row, out) -> {
                out.int32(1);
                out.int8(bits.get(row));
            };
        }

        @Override
        public PgColumnEncoder visitInt(ColumnKind.Int kind) {
            switch (type) {
                case INT2:
                    return integer(kind, Short.MIN_VALUE, Short.MAX_VALUE, 2);
                case INT4:
                    return integer(kind, Integer.MIN_VALUE, Integer.MAX_VALUE, 4);
                case INT8:
                    return integer(kind, Long.MIN_VALUE, Long.MAX_VALUE, 8);
                case NUMERIC:
                    if (kind.type() == ColumnKind.IntType.UINT64) {
                        UInt8Vector unsigned = (UInt8Vector) vector;
                        return (row, out) -> PgNumeric.writeUnsigned(unsigned.get(row), out);
                    }
                    BaseIntVector ints = (BaseIntVector) vector;
                    return (row, out) -> PgNumeric.write(ints.getValueAsLong(row), out);
                default:
                    return null;
            }
        }

        private PgColumnEncoder integer(ColumnKind.Int kind, long min, long max, int width) {
            BaseIntVector ints = (BaseIntVector) vector;
            boolean unsigned64 = kind.type() == ColumnKind.IntType.UINT64;
            int sourceBits = kind.type().bitWidth();
            // only widening (or same-width) sources are accepted, so a value never silently fails to fit
            int effectiveBits = kind.type().signed() ? sourceBits : sourceBits + 1;
            if (effectiveBits > width * 8 && !unsigned64) {
                return null;
            }
            if (unsigned64 && width < 8) {
                return null;
            }
            return (row, out) -> {
                long value = ints.getValueAsLong(row);
                if (unsigned64 && value < 0) {
                    throw new PgColumnEncoder.RejectedValue("column " + target.name() + ": unsigned value "
                            + Long.toUnsignedString(value) + " exceeds " + target.sqlType() + " (never wrapped)");
                }
                if (value < min || value > max) {
                    throw new PgColumnEncoder.RejectedValue("column " + target.name() + ": " + value + " exceeds "
                            + target.sqlType());
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

        @Override
        public PgColumnEncoder visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            if (type == PgType.FLOAT8) {
                FloatingPointVector floats = (FloatingPointVector) vector;
                return (row, out) -> {
                    out.int32(8);
                    out.int64(Double.doubleToRawLongBits(floats.getValueAsDouble(row)));
                };
            }
            if (type != PgType.FLOAT4) {
                return null;
            }
            return switch (kind.precision()) {
                case HALF -> {
                    Float2Vector halves = (Float2Vector) vector;
                    yield (row, out) -> {
                        out.int32(4);
                        out.int32(Float.floatToRawIntBits((float) halves.getValueAsDouble(row)));
                    };
                }
                case SINGLE -> {
                    Float4Vector floats = (Float4Vector) vector;
                    yield (row, out) -> {
                        out.int32(4);
                        out.int32(Float.floatToRawIntBits(floats.get(row)));
                    };
                }
                // a double does not fit a REAL exactly
                case DOUBLE -> null;
            };
        }

        @Override
        public PgColumnEncoder visitDecimal(ColumnKind.Decimal kind) {
            if (type != PgType.NUMERIC) {
                return null;
            }
            if (kind.is256()) {
                Decimal256Vector decimals = (Decimal256Vector) vector;
                return (row, out) -> PgNumeric.write(decimals.getObject(row), out);
            }
            DecimalVector decimals = (DecimalVector) vector;
            if (kind.scale() == 0) {
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

        @Override
        public PgColumnEncoder visitUtf8(ColumnKind.Utf8 kind) {
            return type == PgType.TEXT ? variableWidth(kind.layout()) : null;
        }

        @Override
        public PgColumnEncoder visitBinary(ColumnKind.Binary kind) {
            return type == PgType.BYTEA ? variableWidth(kind.layout()) : null;
        }

        /** Copies the value's bytes straight from Arrow memory; views are not supported (never produced by amp). */
        private PgColumnEncoder variableWidth(ColumnKind.VarWidthLayout layout) {
            return switch (layout) {
                case REGULAR -> {
                    BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
                    yield (row, out) -> {
                        int start = variable.getStartOffset(row);
                        out.field(variable.getDataBuffer(), start, variable.getEndOffset(row) - start);
                    };
                }
                case LARGE -> {
                    BaseLargeVariableWidthVector large = (BaseLargeVariableWidthVector) vector;
                    yield (row, out) -> {
                        long start = large.getOffsetBuffer().getLong((long) row * BaseLargeVariableWidthVector.OFFSET_WIDTH);
                        long end = large.getOffsetBuffer().getLong((long) (row + 1) * BaseLargeVariableWidthVector.OFFSET_WIDTH);
                        out.field(large.getDataBuffer(), start, Math.toIntExact(end - start));
                    };
                }
                case VIEW -> null;
            };
        }

        @Override
        public PgColumnEncoder visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            if (type != PgType.BYTEA) {
                return null;
            }
            FixedSizeBinaryVector fixed = (FixedSizeBinaryVector) vector;
            int width = kind.byteWidth();
            return (row, out) -> out.field(fixed.getDataBuffer(), (long) row * width, width);
        }

        @Override
        public PgColumnEncoder visitDate(ColumnKind.Date kind) {
            if (type != PgType.DATE) {
                return null;
            }
            IntToLongFunction days = TemporalValues.epochDays(kind, vector);
            return (row, out) -> {
                out.int32(4);
                out.int32((int) days.applyAsLong(row) - PG_EPOCH_DAYS);
            };
        }

        @Override
        public PgColumnEncoder visitTime(ColumnKind.Time kind) {
            if (type != PgType.TIME) {
                return null;
            }
            IntToLongFunction nanosOfDay = TemporalValues.nanosOfDay(kind, vector);
            return (row, out) -> {
                long nanos = nanosOfDay.applyAsLong(row);
                if (nanos % 1_000 != 0) {
                    throw new PgColumnEncoder.RejectedValue("column " + target.name() + ": time with nanoseconds "
                            + nanos + " has sub-microsecond digits, which PostgreSQL TIME cannot hold");
                }
                out.int32(8);
                out.int64(nanos / 1_000);
            };
        }

        @Override
        public PgColumnEncoder visitTimestamp(ColumnKind.Timestamp kind) {
            if (type != PgType.TIMESTAMPTZ && type != PgType.TIMESTAMP) {
                return null;
            }
            TimeStampVector timestamps = (TimeStampVector) vector;
            TimeUnit unit = kind.unit();
            return (row, out) -> {
                out.int32(8);
                out.int64(pgMicros(timestamps.get(row), unit, target));
            };
        }

        @Override
        public PgColumnEncoder visitList(ColumnKind.List kind) {
            return null; // only into json/jsonb
        }

        @Override
        public PgColumnEncoder visitStruct(ColumnKind.Struct kind) {
            return null; // only into json/jsonb
        }

        @Override
        public PgColumnEncoder visitMap(ColumnKind.Map kind) {
            return null; // only into json/jsonb
        }
    }

    /** Microseconds since 2000-01-01 of a timestamp value; sub-microsecond digits are rejected, never rounded. */
    static long pgMicros(long value, TimeUnit unit, PgColumn column) {
        try {
            long micros = switch (unit) {
                case SECOND -> Math.multiplyExact(value, 1_000_000L);
                case MILLISECOND -> Math.multiplyExact(value, 1_000L);
                case MICROSECOND -> value;
                case NANOSECOND -> {
                    if (value % 1_000 != 0) {
                        throw new PgColumnEncoder.RejectedValue("column " + column.name() + ": timestamp " + value
                                + " ns has sub-microsecond digits, which PostgreSQL timestamps cannot hold");
                    }
                    yield value / 1_000;
                }
            };
            return Math.subtractExact(micros, PG_EPOCH_MICROS);
        } catch (ArithmeticException e) {
            throw new PgColumnEncoder.RejectedValue("column " + column.name() + ": timestamp " + value + " " + unit
                    + " is out of PostgreSQL's range");
        }
    }
}
