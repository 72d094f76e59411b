package dev.ampconnect.sink.redis;

import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.TemporalValues;
import dev.ampconnect.common.sink.batch.ArrowJson;
import dev.ampconnect.sink.redis.RedisSinkConfig.BinaryFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;
import java.util.function.IntToLongFunction;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * The Redis text of one column's values (README "Values"): exact by construction. Integers and decimals
 * are their full decimal digits, floats Java's round-trip text ({@code NaN}, {@code Infinity}), booleans
 * {@code true}/{@code false}, strings their UTF-8 bytes, binaries {@code 0x}-hex (or base64, or raw),
 * timestamps ISO-8601 UTC with the unit's precision, dates {@code YYYY-MM-DD}, times {@code HH:MM:SS[.f]},
 * lists, structs and maps JSON ({@link ArrowJson}). In a JSON row, 64-bit integers and decimals are JSON
 * strings (as in the protobuf JSON mapping, so JavaScript readers keep every digit), narrower integers,
 * floats and booleans JSON numbers/literals, nested values JSON.
 */
abstract class ColumnText {

    final String name;
    final FieldVector vector;

    private ColumnText(String name, FieldVector vector) {
        this.name = name;
        this.vector = vector;
    }

    /** The text of row {@code row}, or {@code null} when the value is null. */
    final byte[] bytes(int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return text(row);
    }

    /** The text of a non-null value. */
    abstract byte[] text(int row);

    /** Appends the JSON value of row {@code row} ({@code null} included). */
    void appendJson(StringBuilder out, int row) {
        if (vector.isNull(row)) {
            out.append("null");
            return;
        }
        ArrowJson.appendString(out, new String(text(row), StandardCharsets.UTF_8));
    }

    /** Whether the values are numbers Redis can parse as a sorted-set score. */
    boolean isNumeric() {
        return false;
    }

    /** Whether the value of a non-null row is a NaN (which Redis refuses as a score). */
    boolean isNaN(int row) {
        return false;
    }

    /** The encoder of {@code column}'s values held in {@code vector}, chosen once per column and batch. */
    static ColumnText of(Column column, FieldVector vector, BinaryFormat binary) {
        return column.accept(new TextOf(column, vector, binary));
    }

    /** The encoder of each kind. */
    private static final class TextOf implements ColumnKind.Visitor<ColumnText> {
        private final Column column;
        private final String name;
        private final FieldVector vector;
        private final BinaryFormat binary;

        TextOf(Column column, FieldVector vector, BinaryFormat binary) {
            this.column = column;
            this.name = column.name();
            this.vector = vector;
            this.binary = binary;
        }

        @Override
        public ColumnText visitNull(ColumnKind.Null kind) {
            return new Always(name, vector);
        }

        @Override
        public ColumnText visitBool(ColumnKind.Bool kind) {
            BitVector bits = (BitVector) vector;
            return new Literal(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(bits.get(row) != 0 ? "true" : "false");
                }
            };
        }

        @Override
        public ColumnText visitInt(ColumnKind.Int kind) {
            return switch (kind.type()) {
                case INT8, INT16, INT32, INT64 -> {
                    BaseIntVector ints = (BaseIntVector) vector;
                    yield new Number(name, vector, kind.type() == ColumnKind.IntType.INT64) {
                        @Override
                        byte[] text(int row) {
                            return digits(ints.getValueAsLong(row));
                        }
                    };
                }
                case UINT8 -> {
                    UInt1Vector u1 = (UInt1Vector) vector;
                    yield new Number(name, vector, false) {
                        @Override
                        byte[] text(int row) {
                            return digits(Byte.toUnsignedInt(u1.get(row)));
                        }
                    };
                }
                case UINT16 -> {
                    UInt2Vector u2 = (UInt2Vector) vector;
                    yield new Number(name, vector, false) {
                        @Override
                        byte[] text(int row) {
                            return digits(u2.get(row));
                        }
                    };
                }
                case UINT32 -> {
                    UInt4Vector u4 = (UInt4Vector) vector;
                    yield new Number(name, vector, false) {
                        @Override
                        byte[] text(int row) {
                            return digits(Integer.toUnsignedLong(u4.get(row)));
                        }
                    };
                }
                case UINT64 -> {
                    UInt8Vector u8 = (UInt8Vector) vector;
                    yield new Number(name, vector, true) {
                        @Override
                        byte[] text(int row) {
                            return ascii(Long.toUnsignedString(u8.get(row)));
                        }
                    };
                }
            };
        }

        @Override
        public ColumnText visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            return switch (kind.precision()) {
                case HALF -> {
                    Float2Vector f2 = (Float2Vector) vector;
                    yield new FloatNumber(name, vector) {
                        @Override
                        float value(int row) {
                            return f2.getValueAsFloat(row);
                        }
                    };
                }
                case SINGLE -> {
                    Float4Vector f4 = (Float4Vector) vector;
                    yield new FloatNumber(name, vector) {
                        @Override
                        float value(int row) {
                            return f4.get(row);
                        }
                    };
                }
                case DOUBLE -> {
                    Float8Vector f8 = (Float8Vector) vector;
                    yield new Number(name, vector, false) {
                        @Override
                        byte[] text(int row) {
                            return ascii(Double.toString(f8.get(row)));
                        }

                        @Override
                        void appendJson(StringBuilder out, int row) {
                            if (vector.isNull(row)) {
                                out.append("null");
                            } else {
                                floatJson(out, f8.get(row));
                            }
                        }

                        @Override
                        boolean isNaN(int row) {
                            return Double.isNaN(f8.get(row));
                        }
                    };
                }
            };
        }

        @Override
        public ColumnText visitDecimal(ColumnKind.Decimal kind) {
            if (kind.is256()) {
                Decimal256Vector decimals = (Decimal256Vector) vector;
                return new Number(name, vector, true) {
                    @Override
                    byte[] text(int row) {
                        BigDecimal value = decimals.getObject(row);
                        return ascii(value.toPlainString());
                    }
                };
            }
            DecimalVector decimals = (DecimalVector) vector;
            boolean integral = kind.scale() == 0;
            return new Number(name, vector, true) {
                @Override
                byte[] text(int row) {
                    if (integral) {
                        // most chain decimals (wei, gas) fit a long: their digits without a BigDecimal
                        long at = (long) row * DecimalVector.TYPE_WIDTH;
                        long low = decimals.getDataBuffer().getLong(at);
                        if (decimals.getDataBuffer().getLong(at + 8) == (low >> 63)) {
                            return digits(low);
                        }
                    }
                    return ascii(decimals.getObject(row).toPlainString());
                }
            };
        }

        @Override
        public ColumnText visitUtf8(ColumnKind.Utf8 kind) {
            return switch (kind.layout()) {
                case REGULAR -> {
                    VarCharVector chars = (VarCharVector) vector;
                    yield new Text(name, vector) {
                        @Override
                        byte[] text(int row) {
                            return chars.get(row);
                        }
                    };
                }
                case LARGE -> {
                    LargeVarCharVector chars = (LargeVarCharVector) vector;
                    yield new Text(name, vector) {
                        @Override
                        byte[] text(int row) {
                            return chars.get(row);
                        }
                    };
                }
                case VIEW -> {
                    ViewVarCharVector chars = (ViewVarCharVector) vector;
                    yield new Text(name, vector) {
                        @Override
                        byte[] text(int row) {
                            return chars.get(row);
                        }
                    };
                }
            };
        }

        @Override
        public ColumnText visitBinary(ColumnKind.Binary kind) {
            return switch (kind.layout()) {
                case REGULAR -> {
                    VarBinaryVector binaries = (VarBinaryVector) vector;
                    yield new Binary(name, vector, binary) {
                        @Override
                        byte[] raw(int row) {
                            return binaries.get(row);
                        }
                    };
                }
                case LARGE -> {
                    LargeVarBinaryVector binaries = (LargeVarBinaryVector) vector;
                    yield new Binary(name, vector, binary) {
                        @Override
                        byte[] raw(int row) {
                            return binaries.get(row);
                        }
                    };
                }
                case VIEW -> {
                    ViewVarBinaryVector binaries = (ViewVarBinaryVector) vector;
                    yield new Binary(name, vector, binary) {
                        @Override
                        byte[] raw(int row) {
                            return binaries.get(row);
                        }
                    };
                }
            };
        }

        @Override
        public ColumnText visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            FixedSizeBinaryVector binaries = (FixedSizeBinaryVector) vector;
            return new Binary(name, vector, binary) {
                @Override
                byte[] raw(int row) {
                    return binaries.get(row);
                }
            };
        }

        @Override
        public ColumnText visitDate(ColumnKind.Date kind) {
            IntToLongFunction days = TemporalValues.epochDays(kind, vector);
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(LocalDate.ofEpochDay(days.applyAsLong(row)).toString());
                }
            };
        }

        @Override
        public ColumnText visitTime(ColumnKind.Time kind) {
            IntToLongFunction nanos = TemporalValues.nanosOfDay(kind, vector);
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(LocalTime.ofNanoOfDay(nanos.applyAsLong(row)).toString());
                }
            };
        }

        @Override
        public ColumnText visitTimestamp(ColumnKind.Timestamp kind) {
            TimeStampVector timestamps = (TimeStampVector) vector;
            TimeUnit unit = kind.unit();
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(TemporalValues.instant(timestamps.get(row), unit).toString());
                }
            };
        }

        @Override
        public ColumnText visitList(ColumnKind.List kind) {
            return nested();
        }

        @Override
        public ColumnText visitStruct(ColumnKind.Struct kind) {
            return nested();
        }

        @Override
        public ColumnText visitMap(ColumnKind.Map kind) {
            return nested();
        }

        private ColumnText nested() {
            return new Nested(name, vector, ArrowJson.writer(column, vector));
        }
    }

    private static final byte[] DIGITS = ascii("0123456789abcdef");

    /** {@code 0x} and the lower-case hex digits of {@code raw}. */
    static byte[] hex(byte[] raw) {
        byte[] out = new byte[2 + 2 * raw.length];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < raw.length; i++) {
            out[2 + 2 * i] = DIGITS[(raw[i] >> 4) & 0xf];
            out[3 + 2 * i] = DIGITS[raw[i] & 0xf];
        }
        return out;
    }

    /** The decimal digits of {@code value} (with a leading '-'), as {@code Long.toString} but straight to bytes. */
    static byte[] digits(long value) {
        if (value == Long.MIN_VALUE) {
            return ascii(Long.toString(value));
        }
        long magnitude = Math.abs(value);
        int length = value < 0 ? 2 : 1;
        for (long rest = magnitude / 10; rest != 0; rest /= 10) {
            length++;
        }
        byte[] out = new byte[length];
        int at = length;
        do {
            out[--at] = (byte) ('0' + magnitude % 10);
            magnitude /= 10;
        } while (magnitude != 0);
        if (value < 0) {
            out[0] = '-';
        }
        return out;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void floatJson(StringBuilder out, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            ArrowJson.appendString(out, Double.toString(value));
        } else {
            out.append(value);
        }
    }

    private static void floatJson(StringBuilder out, float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            ArrowJson.appendString(out, Float.toString(value));
        } else {
            out.append(Float.toString(value));
        }
    }

    /** A column whose text is a JSON string in a JSON row. */
    private abstract static class Text extends ColumnText {
        Text(String name, FieldVector vector) {
            super(name, vector);
        }
    }

    /** Booleans: a JSON literal. */
    private abstract static class Literal extends ColumnText {
        Literal(String name, FieldVector vector) {
            super(name, vector);
        }

        @Override
        void appendJson(StringBuilder out, int row) {
            out.append(vector.isNull(row) ? "null" : new String(text(row), StandardCharsets.ISO_8859_1));
        }
    }

    /** Numbers: 64-bit integers and decimals are JSON strings, the others JSON numbers. */
    private abstract static class Number extends ColumnText {
        private final boolean wide;

        Number(String name, FieldVector vector, boolean wide) {
            super(name, vector);
            this.wide = wide;
        }

        @Override
        void appendJson(StringBuilder out, int row) {
            if (wide || vector.isNull(row)) {
                super.appendJson(out, row);
            } else {
                out.append(new String(text(row), StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        boolean isNumeric() {
            return true;
        }
    }

    /** Float16 and Float32: Java's float text, a JSON number unless NaN or infinite. */
    private abstract static class FloatNumber extends Number {
        FloatNumber(String name, FieldVector vector) {
            super(name, vector, false);
        }

        abstract float value(int row);

        @Override
        byte[] text(int row) {
            return ascii(Float.toString(value(row)));
        }

        @Override
        void appendJson(StringBuilder out, int row) {
            if (vector.isNull(row)) {
                out.append("null");
            } else {
                floatJson(out, value(row));
            }
        }

        @Override
        boolean isNaN(int row) {
            return Float.isNaN(value(row));
        }
    }

    /** Binary values in the configured format. */
    private abstract static class Binary extends ColumnText {
        private final BinaryFormat format;

        Binary(String name, FieldVector vector, BinaryFormat format) {
            super(name, vector);
            this.format = format;
        }

        abstract byte[] raw(int row);

        @Override
        byte[] text(int row) {
            byte[] raw = raw(row);
            return switch (format) {
                case HEX -> hex(raw);
                case BASE64 -> Base64.getEncoder().encode(raw);
                case RAW -> raw;
            };
        }
    }

    /** Lists, structs and maps as JSON text (embedded as JSON in a JSON row). */
    private static final class Nested extends ColumnText {
        private final ArrowJson.Writer json;
        private final StringBuilder scratch = new StringBuilder(64);

        Nested(String name, FieldVector vector, ArrowJson.Writer json) {
            super(name, vector);
            this.json = json;
        }

        @Override
        byte[] text(int row) {
            scratch.setLength(0);
            json.append(scratch, row);
            return scratch.toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        void appendJson(StringBuilder out, int row) {
            json.append(out, row);
        }
    }

    /** A column of Arrow type Null: always null. */
    private static final class Always extends ColumnText {
        Always(String name, FieldVector vector) {
            super(name, vector);
        }

        @Override
        byte[] text(int row) {
            return null;
        }

        @Override
        void appendJson(StringBuilder out, int row) {
            out.append("null");
        }
    }
}
