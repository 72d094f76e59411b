package dev.ampconnect.sink.redis;

import dev.ampconnect.common.sink.batch.ArrowJson;
import dev.ampconnect.sink.redis.RedisSinkConfig.BinaryFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Base64;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

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

    /** The column's encoder for {@code vector} (read by its Arrow type, as ColumnarBatch documents). */
    static ColumnText of(String name, FieldVector vector, BinaryFormat binary) {
        if (vector instanceof NullVector) {
            return new Always(name, vector);
        }
        if (vector instanceof BitVector bits) {
            return new Literal(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(bits.get(row) != 0 ? "true" : "false");
                }
            };
        }
        if (vector instanceof UInt8Vector u8) {
            return new Number(name, vector, true) {
                @Override
                byte[] text(int row) {
                    return ascii(Long.toUnsignedString(u8.get(row)));
                }
            };
        }
        if (vector instanceof UInt4Vector u4) {
            return new Number(name, vector, false) {
                @Override
                byte[] text(int row) {
                    return ascii(Long.toString(Integer.toUnsignedLong(u4.get(row))));
                }
            };
        }
        if (vector instanceof UInt2Vector u2) {
            return new Number(name, vector, false) {
                @Override
                byte[] text(int row) {
                    return ascii(Integer.toString(u2.get(row)));
                }
            };
        }
        if (vector instanceof UInt1Vector u1) {
            return new Number(name, vector, false) {
                @Override
                byte[] text(int row) {
                    return ascii(Integer.toString(Byte.toUnsignedInt(u1.get(row))));
                }
            };
        }
        if (vector instanceof TimeStampVector timestamps) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) timestamps.getField().getType();
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(ArrowJson.instant(timestamps.get(row), type.getUnit()).toString());
                }
            };
        }
        if (vector instanceof DateDayVector days) {
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(LocalDate.ofEpochDay(days.get(row)).toString());
                }
            };
        }
        if (vector instanceof DateMilliVector millis) {
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L)).toString());
                }
            };
        }
        if (vector instanceof TimeSecVector || vector instanceof TimeMilliVector || vector instanceof TimeMicroVector
                || vector instanceof TimeNanoVector) {
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return ascii(LocalTime.ofNanoOfDay(ArrowJson.timeNanos(vector, row)).toString());
                }
            };
        }
        if (vector instanceof BaseIntVector ints) {
            boolean wide = ints.getMinorType() == org.apache.arrow.vector.types.Types.MinorType.BIGINT;
            return new Number(name, vector, wide) {
                @Override
                byte[] text(int row) {
                    return digits(ints.getValueAsLong(row));
                }
            };
        }
        if (vector instanceof Float4Vector f4) {
            return new Number(name, vector, false) {
                @Override
                byte[] text(int row) {
                    return ascii(Float.toString(f4.get(row)));
                }

                @Override
                void appendJson(StringBuilder out, int row) {
                    if (vector.isNull(row)) {
                        out.append("null");
                    } else {
                        floatJson(out, f4.get(row));
                    }
                }
            };
        }
        if (vector instanceof Float8Vector f8) {
            return new Number(name, vector, false) {
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
            };
        }
        if (vector instanceof DecimalVector decimals) {
            boolean integral = decimals.getScale() == 0;
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
        if (vector instanceof Decimal256Vector decimals) {
            return new Number(name, vector, true) {
                @Override
                byte[] text(int row) {
                    BigDecimal value = decimals.getObject(row);
                    return ascii(value.toPlainString());
                }
            };
        }
        if (vector instanceof VarCharVector chars) {
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return chars.get(row);
                }
            };
        }
        if (vector instanceof LargeVarCharVector chars) {
            return new Text(name, vector) {
                @Override
                byte[] text(int row) {
                    return chars.get(row);
                }
            };
        }
        if (vector instanceof VarBinaryVector binaries) {
            return new Binary(name, vector, binary) {
                @Override
                byte[] raw(int row) {
                    return binaries.get(row);
                }
            };
        }
        if (vector instanceof LargeVarBinaryVector binaries) {
            return new Binary(name, vector, binary) {
                @Override
                byte[] raw(int row) {
                    return binaries.get(row);
                }
            };
        }
        if (vector instanceof FixedSizeBinaryVector binaries) {
            return new Binary(name, vector, binary) {
                @Override
                byte[] raw(int row) {
                    return binaries.get(row);
                }
            };
        }
        if (vector instanceof StructVector || vector instanceof BaseListVector) {
            return new Nested(name, vector);
        }
        return new Text(name, vector) {
            @Override
            byte[] text(int row) {
                return String.valueOf(vector.getObject(row)).getBytes(StandardCharsets.UTF_8);
            }
        };
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
        Nested(String name, FieldVector vector) {
            super(name, vector);
        }

        @Override
        byte[] text(int row) {
            return ArrowJson.of(vector, row).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        void appendJson(StringBuilder out, int row) {
            ArrowJson.append(out, vector, row);
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
