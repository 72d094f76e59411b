package dev.ampconnect.common.sink.batch;

import dev.ampconnect.common.arrow.column.Column;
import dev.ampconnect.common.arrow.column.ColumnKind;
import dev.ampconnect.common.arrow.column.ColumnResolver;
import dev.ampconnect.common.arrow.column.TemporalValues;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
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
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;

/**
 * JSON text of Arrow values, for stores that keep nested values (lists, structs, maps) as JSON.
 * Exact by construction: integers and decimals are JSON numbers with every digit, binary is
 * {@code "0x…"} hex, timestamps are ISO-8601 UTC strings with the unit's precision, dates
 * {@code "YYYY-MM-DD"}, times {@code "HH:MM:SS[.fraction]"}, non-finite floats the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}; a map with string keys is an object, any other map an array
 * of {@code {"key":…,"value":…}} objects.
 *
 * <p>A {@link Writer} is bound once per column and batch ({@link #writer}), children included, so writing
 * a row costs the text and nothing else (no type test per value).
 */
public final class ArrowJson {

    private static final HexFormat HEX = HexFormat.of();

    private ArrowJson() {
    }

    /** Appends the JSON of one row ({@code null} included) of the vector it was bound to. Not thread-safe. */
    @FunctionalInterface
    public interface Writer {
        void append(StringBuilder out, int row);
    }

    /** The writer of {@code column}'s values held in {@code vector}. */
    public static Writer writer(Column column, ValueVector vector) {
        if (column.kind() instanceof ColumnKind.Null) {
            return (out, row) -> out.append("null");
        }
        Writer value = column.accept(new ValueWriterOf(vector));
        return (out, row) -> {
            if (vector.isNull(row)) {
                out.append("null");
            } else {
                value.append(out, row);
            }
        };
    }

    /**
     * The JSON text of row {@code row} of {@code vector}, resolving the vector's column on every call: for
     * one-off values and tests; encoders bind a {@link #writer} once per batch instead.
     */
    public static String of(ValueVector vector, int row) {
        StringBuilder out = new StringBuilder(64);
        writer(ColumnResolver.resolve(vector.getField()), vector).append(out, row);
        return out.toString();
    }

    /** The writers of non-null values, per kind. */
    private static final class ValueWriterOf implements ColumnKind.Visitor<Writer> {
        private final ValueVector vector;

        ValueWriterOf(ValueVector vector) {
            this.vector = vector;
        }

        @Override
        public Writer visitNull(ColumnKind.Null kind) {
            return (out, row) -> out.append("null");
        }

        @Override
        public Writer visitBool(ColumnKind.Bool kind) {
            BitVector bits = (BitVector) vector;
            return (out, row) -> out.append(bits.get(row) != 0);
        }

        @Override
        public Writer visitInt(ColumnKind.Int kind) {
            return switch (kind.type()) {
                case INT8, INT16, INT32, INT64 -> {
                    BaseIntVector ints = (BaseIntVector) vector;
                    yield (out, row) -> out.append(ints.getValueAsLong(row));
                }
                case UINT8 -> {
                    UInt1Vector u1 = (UInt1Vector) vector;
                    yield (out, row) -> out.append(Byte.toUnsignedInt(u1.get(row)));
                }
                case UINT16 -> {
                    UInt2Vector u2 = (UInt2Vector) vector;
                    yield (out, row) -> out.append((int) u2.get(row));
                }
                case UINT32 -> {
                    UInt4Vector u4 = (UInt4Vector) vector;
                    yield (out, row) -> out.append(Integer.toUnsignedLong(u4.get(row)));
                }
                case UINT64 -> {
                    UInt8Vector u8 = (UInt8Vector) vector;
                    yield (out, row) -> out.append(Long.toUnsignedString(u8.get(row)));
                }
            };
        }

        @Override
        public Writer visitFloatingPoint(ColumnKind.FloatingPoint kind) {
            return switch (kind.precision()) {
                case HALF -> {
                    Float2Vector f2 = (Float2Vector) vector;
                    yield (out, row) -> appendDouble(out, f2.getValueAsDouble(row));
                }
                case SINGLE -> {
                    Float4Vector f4 = (Float4Vector) vector;
                    yield (out, row) -> {
                        float value = f4.get(row);
                        if (Float.isNaN(value) || Float.isInfinite(value)) {
                            appendString(out, Double.toString(value));
                        } else {
                            // the float's shortest text, not the digits of its double widening
                            out.append(new BigDecimal(Float.toString(value)).toString());
                        }
                    };
                }
                case DOUBLE -> {
                    Float8Vector f8 = (Float8Vector) vector;
                    yield (out, row) -> appendDouble(out, f8.get(row));
                }
            };
        }

        private static void appendDouble(StringBuilder out, double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                appendString(out, Double.toString(value));
            } else {
                out.append(value);
            }
        }

        @Override
        public Writer visitDecimal(ColumnKind.Decimal kind) {
            if (kind.is256()) {
                Decimal256Vector decimals = (Decimal256Vector) vector;
                return (out, row) -> out.append(decimals.getObject(row).toPlainString());
            }
            DecimalVector decimals = (DecimalVector) vector;
            return (out, row) -> out.append(decimals.getObject(row).toPlainString());
        }

        @Override
        public Writer visitUtf8(ColumnKind.Utf8 kind) {
            // every layout's getObject is the value's Text
            return (out, row) -> appendString(out, vector.getObject(row).toString());
        }

        @Override
        public Writer visitBinary(ColumnKind.Binary kind) {
            return switch (kind.layout()) {
                case REGULAR -> {
                    VarBinaryVector binary = (VarBinaryVector) vector;
                    yield (out, row) -> hex(out, binary.get(row));
                }
                case LARGE -> {
                    LargeVarBinaryVector binary = (LargeVarBinaryVector) vector;
                    yield (out, row) -> hex(out, binary.get(row));
                }
                case VIEW -> {
                    ViewVarBinaryVector binary = (ViewVarBinaryVector) vector;
                    yield (out, row) -> hex(out, binary.get(row));
                }
            };
        }

        @Override
        public Writer visitFixedSizeBinary(ColumnKind.FixedSizeBinary kind) {
            FixedSizeBinaryVector binary = (FixedSizeBinaryVector) vector;
            return (out, row) -> hex(out, binary.get(row));
        }

        @Override
        public Writer visitDate(ColumnKind.Date kind) {
            IntToLongFunction days = TemporalValues.epochDays(kind, vector);
            return (out, row) -> appendString(out, LocalDate.ofEpochDay(days.applyAsLong(row)).toString());
        }

        @Override
        public Writer visitTime(ColumnKind.Time kind) {
            IntToLongFunction nanos = TemporalValues.nanosOfDay(kind, vector);
            return (out, row) -> appendString(out, LocalTime.ofNanoOfDay(nanos.applyAsLong(row)).toString());
        }

        @Override
        public Writer visitTimestamp(ColumnKind.Timestamp kind) {
            TimeStampVector timestamps = (TimeStampVector) vector;
            TimeUnit unit = kind.unit();
            return (out, row) -> appendString(out, TemporalValues.instant(timestamps.get(row), unit).toString());
        }

        @Override
        public Writer visitList(ColumnKind.List kind) {
            return switch (kind.layout()) {
                case REGULAR -> {
                    ListVector list = (ListVector) vector;
                    Writer element = writer(kind.element(), list.getDataVector());
                    yield (out, row) -> elements(out, element, list.getElementStartIndex(row), list.getElementEndIndex(row));
                }
                case LARGE -> {
                    LargeListVector list = (LargeListVector) vector;
                    Writer element = writer(kind.element(), list.getDataVector());
                    yield (out, row) -> elements(out, element, Math.toIntExact(list.getElementStartIndex(row)),
                            Math.toIntExact(list.getElementEndIndex(row)));
                }
                case FIXED_SIZE -> {
                    FixedSizeListVector list = (FixedSizeListVector) vector;
                    int size = list.getListSize();
                    Writer element = writer(kind.element(), list.getDataVector());
                    yield (out, row) -> elements(out, element, row * size, row * size + size);
                }
            };
        }

        private static void elements(StringBuilder out, Writer element, int start, int end) {
            out.append('[');
            for (int i = start; i < end; i++) {
                if (i > start) {
                    out.append(',');
                }
                element.append(out, i);
            }
            out.append(']');
        }

        @Override
        public Writer visitStruct(ColumnKind.Struct kind) {
            List<FieldVector> vectors = ((StructVector) vector).getChildrenFromFields();
            int count = kind.children().size();
            String[] keys = new String[count];
            Writer[] children = new Writer[count];
            for (int c = 0; c < count; c++) {
                Column child = kind.children().get(c);
                StringBuilder key = new StringBuilder(child.name().length() + 4);
                if (c > 0) {
                    key.append(',');
                }
                appendString(key, child.name());
                keys[c] = key.append(':').toString();
                children[c] = writer(child, vectors.get(c));
            }
            return (out, row) -> {
                out.append('{');
                for (int c = 0; c < count; c++) {
                    out.append(keys[c]);
                    children[c].append(out, row);
                }
                out.append('}');
            };
        }

        @Override
        public Writer visitMap(ColumnKind.Map kind) {
            MapVector map = (MapVector) vector;
            List<FieldVector> entries = ((StructVector) map.getDataVector()).getChildrenFromFields();
            FieldVector keys = entries.get(0);
            Writer values = writer(kind.value(), entries.get(1));
            if (kind.key().kind() instanceof ColumnKind.Utf8) {
                return (out, row) -> {
                    int start = map.getElementStartIndex(row);
                    int end = map.getElementEndIndex(row);
                    out.append('{');
                    for (int i = start; i < end; i++) {
                        if (i > start) {
                            out.append(',');
                        }
                        appendString(out, keys.getObject(i).toString());
                        out.append(':');
                        values.append(out, i);
                    }
                    out.append('}');
                };
            }
            Writer keyWriter = writer(kind.key(), keys);
            return (out, row) -> {
                int start = map.getElementStartIndex(row);
                int end = map.getElementEndIndex(row);
                out.append('[');
                for (int i = start; i < end; i++) {
                    if (i > start) {
                        out.append(',');
                    }
                    out.append("{\"key\":");
                    keyWriter.append(out, i);
                    out.append(",\"value\":");
                    values.append(out, i);
                    out.append('}');
                }
                out.append(']');
            };
        }
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
