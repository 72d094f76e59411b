package dev.ampconnect.common.sink.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.FloatingPointVector;
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
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.BaseListVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * JSON text of one Arrow value, for stores that keep nested values (lists, structs, maps) as JSON.
 * Exact by construction: integers and decimals are JSON numbers with every digit, binary is
 * {@code "0x…"} hex, timestamps are ISO-8601 UTC strings with the unit's precision, dates
 * {@code "YYYY-MM-DD"}, times {@code "HH:MM:SS[.fraction]"}, non-finite floats the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}; a map with string keys is an object, any other map an array
 * of {@code {"key":…,"value":…}} objects.
 */
public final class ArrowJson {

    private static final HexFormat HEX = HexFormat.of();

    private ArrowJson() {
    }

    /** The JSON text of row {@code row} of {@code vector}. */
    public static String of(ValueVector vector, int row) {
        StringBuilder out = new StringBuilder(64);
        append(out, vector, row);
        return out.toString();
    }

    /** Appends the JSON of row {@code row} of {@code vector}. */
    public static void append(StringBuilder out, ValueVector vector, int row) {
        if (vector instanceof NullVector || vector.isNull(row)) {
            out.append("null");
            return;
        }
        if (vector instanceof StructVector struct) {
            out.append('{');
            List<FieldVector> children = struct.getChildrenFromFields();
            for (int c = 0; c < children.size(); c++) {
                if (c > 0) {
                    out.append(',');
                }
                appendString(out, children.get(c).getName());
                out.append(':');
                append(out, children.get(c), row);
            }
            out.append('}');
            return;
        }
        if (vector instanceof MapVector map) {
            appendMap(out, map, row);
            return;
        }
        if (vector instanceof BaseListVector) {
            appendList(out, vector, row);
            return;
        }
        appendScalar(out, vector, row);
    }

    private static void appendList(StringBuilder out, ValueVector vector, int row) {
        ValueVector elements;
        long start;
        long end;
        if (vector instanceof ListVector list) {
            elements = list.getDataVector();
            start = list.getElementStartIndex(row);
            end = list.getElementEndIndex(row);
        } else if (vector instanceof LargeListVector list) {
            elements = list.getDataVector();
            start = list.getElementStartIndex(row);
            end = list.getElementEndIndex(row);
        } else if (vector instanceof FixedSizeListVector list) {
            elements = list.getDataVector();
            start = (long) row * list.getListSize();
            end = start + list.getListSize();
        } else {
            throw new IllegalArgumentException("unsupported list vector " + vector.getClass().getSimpleName());
        }
        out.append('[');
        for (long i = start; i < end; i++) {
            if (i > start) {
                out.append(',');
            }
            append(out, elements, Math.toIntExact(i));
        }
        out.append(']');
    }

    private static void appendMap(StringBuilder out, MapVector map, int row) {
        StructVector entries = (StructVector) map.getDataVector();
        ValueVector keys = entries.getChild(MapVector.KEY_NAME);
        ValueVector values = entries.getChild(MapVector.VALUE_NAME);
        int start = map.getElementStartIndex(row);
        int end = map.getElementEndIndex(row);
        boolean stringKeys = keys instanceof VarCharVector || keys instanceof LargeVarCharVector;
        out.append(stringKeys ? '{' : '[');
        for (int i = start; i < end; i++) {
            if (i > start) {
                out.append(',');
            }
            if (stringKeys) {
                appendString(out, keys.getObject(i).toString());
                out.append(':');
                append(out, values, i);
            } else {
                out.append("{\"key\":");
                append(out, keys, i);
                out.append(",\"value\":");
                append(out, values, i);
                out.append('}');
            }
        }
        out.append(stringKeys ? '}' : ']');
    }

    private static void appendScalar(StringBuilder out, ValueVector vector, int row) {
        if (vector instanceof BitVector bits) {
            out.append(bits.get(row) != 0);
        } else if (vector instanceof UInt8Vector u8) {
            out.append(Long.toUnsignedString(u8.get(row)));
        } else if (vector instanceof UInt4Vector u4) {
            out.append(Integer.toUnsignedLong(u4.get(row)));
        } else if (vector instanceof UInt2Vector u2) {
            out.append((int) u2.get(row));
        } else if (vector instanceof UInt1Vector u1) {
            out.append(Byte.toUnsignedInt(u1.get(row)));
        } else if (vector instanceof TimeStampVector timestamps) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) timestamps.getField().getType();
            appendString(out, instant(timestamps.get(row), type.getUnit()).toString());
        } else if (vector instanceof DateDayVector days) {
            appendString(out, LocalDate.ofEpochDay(days.get(row)).toString());
        } else if (vector instanceof DateMilliVector millis) {
            appendString(out, LocalDate.ofEpochDay(Math.floorDiv(millis.get(row), 86_400_000L)).toString());
        } else if (vector instanceof TimeSecVector || vector instanceof TimeMilliVector
                || vector instanceof TimeMicroVector || vector instanceof TimeNanoVector) {
            appendString(out, LocalTime.ofNanoOfDay(timeNanos(vector, row)).toString());
        } else if (vector instanceof BaseIntVector ints) {
            out.append(ints.getValueAsLong(row));
        } else if (vector instanceof FloatingPointVector floats) {
            double value = floats.getValueAsDouble(row);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                appendString(out, Double.toString(value));
            } else if (vector instanceof org.apache.arrow.vector.Float4Vector f4) {
                out.append(new BigDecimal(Float.toString(f4.get(row))).toString());
            } else {
                out.append(value);
            }
        } else if (vector instanceof DecimalVector decimals) {
            out.append(decimals.getObject(row).toPlainString());
        } else if (vector instanceof Decimal256Vector decimals) {
            out.append(decimals.getObject(row).toPlainString());
        } else if (vector instanceof VarCharVector || vector instanceof LargeVarCharVector) {
            appendString(out, vector.getObject(row).toString());
        } else if (vector instanceof VarBinaryVector binary) {
            hex(out, binary.get(row));
        } else if (vector instanceof LargeVarBinaryVector binary) {
            hex(out, binary.get(row));
        } else if (vector instanceof FixedSizeBinaryVector binary) {
            hex(out, binary.get(row));
        } else {
            appendString(out, String.valueOf(vector.getObject(row)));
        }
    }

    /** The instant of a timestamp value in {@code unit}. */
    public static Instant instant(long value, TimeUnit unit) {
        switch (unit) {
            case SECOND:
                return Instant.ofEpochSecond(value);
            case MILLISECOND:
                return Instant.ofEpochMilli(value);
            case MICROSECOND:
                return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND:
                return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
            default:
                throw new IllegalArgumentException("unknown time unit " + unit);
        }
    }

    /** Nanoseconds since midnight of a Time vector's value. */
    public static long timeNanos(ValueVector vector, int row) {
        if (vector instanceof TimeSecVector v) {
            return v.get(row) * 1_000_000_000L;
        }
        if (vector instanceof TimeMilliVector v) {
            return v.get(row) * 1_000_000L;
        }
        if (vector instanceof TimeMicroVector v) {
            return v.get(row) * 1_000L;
        }
        if (vector instanceof TimeNanoVector v) {
            return v.get(row);
        }
        throw new IllegalArgumentException("not a time vector: " + vector.getClass().getSimpleName());
    }

    private static void hex(StringBuilder out, byte[] bytes) {
        out.append("\"0x").append(HEX.formatHex(bytes)).append('"');
    }

    /**
     * Appends {@code text} as a JSON string literal: quotes, backslashes and control characters escaped,
     * everything else as is (for stores that embed text in JSON of their own, such as a JSON row).
     */
    public static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
